import type { ClientSettings } from '#contract';
import { useId } from 'react';
import { errorMessage } from '../../lib/api-client';
import { useClientSettings, useUpdateClientSettings } from '../../lib/client-settings';

type BooleanSetting = { [Key in keyof ClientSettings]: ClientSettings[Key] extends boolean ? Key : never }[keyof ClientSettings];

/**
 * One company setting as a checkbox, saved as soon as it changes. Only admins may change
 * settings: for anyone else (or while the role is not known yet) it is shown, disabled, saying so.
 */
export function SettingCheckbox({ setting, label, canChange }: { setting: BooleanSetting; label: string; canChange: boolean | undefined }) {
  const settings = useClientSettings();
  const update = useUpdateClientSettings();
  const checkboxId = useId();
  const noteId = useId();
  const checked = update.isPending ? !!update.variables[setting] : !!settings.data?.[setting];
  return (
    <>
      <p className="checkbox-field">
        <input
          id={checkboxId}
          type="checkbox"
          checked={checked}
          disabled={canChange !== true || settings.isPending || update.isPending}
          aria-describedby={canChange === false ? noteId : undefined}
          onChange={(event) => update.mutate({ [setting]: event.target.checked })}
        />{' '}
        <label htmlFor={checkboxId}>{label}</label>
      </p>
      {canChange === false && (
        <p className="field-hint" id={noteId}>
          Only admins can change this setting.
        </p>
      )}
      {(update.isError || settings.isError) && (
        <p className="inline-error" role="alert">
          {update.isError ? `Could not save: ${errorMessage(update.error)}` : `Could not load your settings: ${errorMessage(settings.error)}`}
        </p>
      )}
    </>
  );
}
