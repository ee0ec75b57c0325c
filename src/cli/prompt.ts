/**
 * Questions on the terminal (`read`): answers come from stdin, never from argv; secrets are typed
 * without echo. Prompts go to stderr so stdout stays clean for output.
 */
import { read } from "read";
import { InvalidOptionError } from "../domain/index.js";

/** Where prompts read and write. */
export interface PromptStreams {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/**
 * Asks one question and returns the trimmed answer.
 *
 * @param silent - do not echo what is typed (codes, passwords, tokens)
 * @throws {InvalidOptionError} when stdin ends before an answer (nothing to read from)
 */
export async function ask(streams: PromptStreams, question: string, silent = false): Promise<string> {
  let onEnd: (() => void) | undefined;
  const ended = new Promise<never>((_, reject) => {
    onEnd = () => reject(new InvalidOptionError(question.replace(/:\s*$/, ""), "no answer: standard input ended; run the command in a terminal or pipe the answers"));
    streams.stdin.once("end", onEnd);
  });
  try {
    const answer = await Promise.race([read({ prompt: question, silent, input: streams.stdin, output: streams.stderr }), ended]);
    // A hidden answer's Enter is not echoed off a terminal: end the prompt's line.
    if (silent && !streams.stderr.isTTY) streams.stderr.write("\n");
    return answer.trim();
  } finally {
    streams.stdin.off("end", onEnd!);
  }
}
