/** Shown as a link only when it is a web address (the API accepts no other; this is belt and braces). */
export const isWebAddress = (url: string) => /^https?:\/\/\S+$/i.test(url);
