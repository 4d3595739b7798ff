import { describe, expect, it } from 'vitest';
import { docxBytes, elfBytes, pdfBytes, peBytes, zipBytes } from '../../test/files';
import { attachmentDisposition, cvFileName, detectCvType } from './file-type';

describe('what a CV file is, by its bytes', () => {
  it('knows a PDF and a DOCX, and nothing else', () => {
    expect(detectCvType(pdfBytes())).toBe('application/pdf');
    expect(detectCvType(docxBytes())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    for (const bytes of [
      elfBytes(),
      peBytes(),
      Buffer.from('%PDF'),
      Buffer.from(' %PDF-1.4'),
      Buffer.from('PK\x03\x04', 'latin1'),
      zipBytes({ 'word/document.xml.bak': '<x/>' }),
      zipBytes({ 'word/document.xml': '<x/>', 'word/vbaProject.bin': 'macro' }),
      Buffer.alloc(0),
      Buffer.alloc(100),
    ]) {
      expect(detectCvType(bytes)).toBeNull();
    }
  });

  it('does not read past a damaged ZIP directory', () => {
    const docx = docxBytes();
    for (let cut = 0; cut < docx.length; cut += 7) {
      expect(() => detectCvType(docx.subarray(0, cut))).not.toThrow();
    }
    const lying = Buffer.from(docx);
    lying.writeUInt16LE(500, lying.length - 12); // more entries than the directory holds
    expect(detectCvType(lying)).toBeNull();
  });

  it('keeps a name without paths or invisible characters, ending in the real type', () => {
    expect(cvFileName('/tmp/x/My CV.docx', 'application/pdf')).toBe('My CV.pdf');
    expect(cvFileName('...hidden', 'application/pdf')).toBe('hidden.pdf');
    expect(cvFileName('a\u0000b\nc.pdf', 'application/pdf')).toBe('abc.pdf');
    expect(cvFileName('x'.repeat(400), 'application/pdf')).toHaveLength(154);
  });

  it('writes Content-Disposition as RFC 6266 and RFC 8187 say', () => {
    expect(attachmentDisposition('cv.pdf')).toBe(`attachment; filename="cv.pdf"; filename*=UTF-8''cv.pdf`);
    expect(attachmentDisposition(`a"b\\c%d'e*.pdf`)).toBe(`attachment; filename="a_b_c_d'e*.pdf"; filename*=UTF-8''a%22b%5Cc%25d%27e%2A.pdf`);
    expect(attachmentDisposition('日本.pdf')).toBe(`attachment; filename="__.pdf"; filename*=UTF-8''%E6%97%A5%E6%9C%AC.pdf`);
  });
});
