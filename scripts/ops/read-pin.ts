/**
 * Reads the PIN for `submit-pin`: from a prompt that does not echo when stdin is a terminal,
 * otherwise from stdin (`... < pin.txt`, a pipe). Never from the command line, where it would
 * stay in the shell history and show in `ps`.
 */
import type { ReadStream } from 'node:tty';
import { submitPinSchema } from '../../contracts/schemas';

export class PinInputError extends Error {
  override name = 'PinInputError' as const;
}

/** The PIN, checked for format (the message never repeats it); throws PinInputError otherwise. */
export async function readPin(
  stdin: NodeJS.ReadStream = process.stdin,
  prompt: NodeJS.WriteStream = process.stderr,
): Promise<string> {
  const pin = stdin.isTTY ? await promptWithoutEcho(stdin as ReadStream, prompt) : await readFirstLine(stdin);
  const parsed = submitPinSchema.safeParse({ pin });
  if (!parsed.success) throw new PinInputError(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data.pin;
}

async function readFirstLine(stdin: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stdin) {
    text += String(chunk);
    if (text.includes('\n') || text.length > 256) break;
  }
  const line = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (!line) throw new PinInputError('no PIN on stdin: type it at the prompt, or pipe it in (never as an argument)');
  return line;
}

function promptWithoutEcho(tty: ReadStream, prompt: NodeJS.WriteStream): Promise<string> {
  prompt.write('PIN (not shown): ');
  tty.setRawMode(true);
  tty.resume();
  tty.setEncoding('utf8');
  let pin = '';
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      tty.setRawMode(false);
      tty.pause();
      tty.removeListener('data', onData);
      prompt.write('\n');
      if (err) reject(err);
      else resolve(pin.trim());
    };
    const onData = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n') return done();
        if (key === '\u0003') return done(new PinInputError('interrupted: nothing was sent'));
        if (key === '\u007f' || key === '\b') pin = pin.slice(0, -1);
        else pin += key;
      }
    };
    tty.on('data', onData);
  });
}
