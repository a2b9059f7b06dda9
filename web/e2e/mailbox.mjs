// The e-mail the server sent during the run, as the SMTP sink (../tests/support/smtp_sink.py) saved it: one
// FOLDER/<arrival>.eml per message (the DATA bytes) next to <arrival>.json (the envelope). Both appear atomically
// (written under a temporary name, then renamed), and the names sort by arrival.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** Splits a message or a MIME part into its unfolded headers (lower-case names) and its raw body. */
function splitPart(raw) {
  const match = /\r?\n\r?\n/.exec(raw);
  const head = match ? raw.slice(0, match.index) : raw;
  const body = match ? raw.slice(match.index + match[0].length) : '';
  const headers = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { headers, body };
}

function charsetOf(contentType) {
  return /charset="?([^";\s]+)"?/i.exec(contentType ?? '')?.[1]?.toLowerCase() ?? 'utf-8';
}

/** The body of a part as text, undoing its Content-Transfer-Encoding and charset. */
function decodeBody(headers, body) {
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  let bytes;
  if (encoding === 'base64') {
    bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  } else if (encoding === 'quoted-printable') {
    const soft = body.replace(/=\r?\n/g, '');
    bytes = Buffer.from(soft.replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16))), 'latin1');
  } else {
    bytes = Buffer.from(body, 'latin1');
  }
  return new TextDecoder(charsetOf(headers['content-type'])).decode(bytes);
}

/** RFC 2047 encoded words in a header (=?UTF-8?B?...?= and =?UTF-8?Q?...?=). */
function decodeHeader(value = '') {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_, charset, kind, text) => {
      const bytes =
        kind.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : Buffer.from(
              text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (__, hex) => String.fromCharCode(parseInt(hex, 16))),
              'latin1',
            );
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    });
}

/** The text/plain content of a message (the first text/plain part of a multipart one). */
function plainText(headers, body) {
  const type = headers['content-type'] ?? 'text/plain';
  if (/^multipart\//i.test(type)) {
    const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
    if (!boundary) return '';
    for (const chunk of body.split(`--${boundary}`).slice(1)) {
      if (chunk.startsWith('--')) break;
      const part = splitPart(chunk.replace(/^\r?\n/, ''));
      const text = plainText(part.headers, part.body);
      if (text) return text;
    }
    return '';
  }
  return /^text\/plain/i.test(type) ? decodeBody(headers, body) : '';
}

/**
 * @typedef {object} Mail
 * @property {string} file      the .eml file's name
 * @property {string[]} to      envelope recipients
 * @property {string} subject   decoded
 * @property {string} text      the decoded text/plain body
 */

/** Reads one saved message. */
export async function readMail(dir, file) {
  const raw = (await readFile(path.join(dir, file))).toString('latin1');
  const { headers, body } = splitPart(raw);
  let to = [];
  try {
    to = JSON.parse(await readFile(path.join(dir, file.replace(/\.eml$/, '.json')), 'utf8')).rcpt_to ?? [];
  } catch {
    to = [headers.to ?? ''];
  }
  return { file, to, subject: decodeHeader(headers.subject), text: plainText(headers, body) };
}

/** The 6-digit code of a verification or password reset e-mail ("인증 코드: 123456", "code is 123456"). */
export function codeIn(mail) {
  const match = /(?:코드\s*:\s*|code is\s+)(\d{6})\b/.exec(mail.text);
  if (!match) throw new Error(`no 6-digit code in the e-mail "${mail.subject}":\n${mail.text}`);
  return match[1];
}

/** The SMTP sink's folder, as the tests see it. */
export function createMailbox(dir) {
  const list = async () => (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.eml')).sort();
  return {
    dir,
    /** The names of the messages received so far, oldest first. */
    list,
    /**
     * Waits for the newest message to `to` that arrived after the messages named in `after` (a list() result).
     * @param {{to: string, after?: string[], timeout?: number, subject?: RegExp}} options
     * @returns {Promise<Mail>}
     */
    async waitFor({ to, after = [], timeout = 15_000, subject }) {
      const seen = new Set(after);
      const deadline = Date.now() + timeout;
      for (;;) {
        const files = (await list()).filter((f) => !seen.has(f)).reverse();
        for (const file of files) {
          const mail = await readMail(dir, file);
          const forRecipient = mail.to.some((address) => address.toLowerCase() === to.toLowerCase());
          if (forRecipient && (!subject || subject.test(mail.subject))) return mail;
        }
        if (Date.now() > deadline) {
          throw new Error(`no e-mail to ${to} within ${timeout / 1000} s (${(await list()).length} messages in ${dir})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
  };
}
