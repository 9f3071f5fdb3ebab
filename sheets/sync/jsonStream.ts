// JSON read from a byte stream as it arrives, so that a large answer (a 50,000-row tab is ~15 MB of
// JSON) is never held whole: not as bytes, not as one string (2 bytes a character once a "✓" is in
// it), not beside the values parsed from it. Every value that lies whole in the bytes at hand, a
// row of cells for instance, is parsed by JSON.parse itself, so escapes, numbers and errors are
// exactly JSON.parse's; only the containers around them (the answer, its value ranges, their
// `values`) are assembled here, element by element, as their bytes arrive.
import type { Readable } from "node:stream";

/** A container still open this long (bytes) is assembled element by element instead of waited for. */
const WAIT_LIMIT = 256 * 1024;
const EMPTY = Buffer.alloc(0);

/** The text ended before its value did (an answer cut short): JSON.parse's SyntaxError, told apart. */
export class JsonIncompleteError extends SyntaxError {
  constructor() {
    super("Unexpected end of JSON input");
    this.name = "SyntaxError";
  }
}

type Expect = "value" | "valueOrClose" | "key" | "keyOrClose" | "colon" | "commaOrClose" | "end";

interface Frame {
  value: unknown[] | Record<string, unknown>;
  key: string;
}

/** Where the container opened at `start` closes (the index after it), or -1 when its end is not in `bytes`. */
function containerEnd(bytes: Buffer, start: number): number {
  let depth = 0;
  for (let i = start; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x22) {
      i = stringEnd(bytes, i) - 1;
      if (i < 0) return -1;
    } else if (byte === 0x5b || byte === 0x7b) depth++;
    else if (byte === 0x5d || byte === 0x7d) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** The index after the string whose opening quote is at `start`, or -1 when its end is not in `bytes`. */
function stringEnd(bytes: Buffer, start: number): number {
  for (let i = start + 1; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (byte === 0x5c) i++;
    else if (byte === 0x22) return i + 1;
  }
  return -1;
}

/** The index after a number or literal starting at `start`: the next delimiter, or the end of `bytes`. */
function scalarEnd(bytes: Buffer, start: number): number {
  let i = start;
  while (i < bytes.length) {
    const byte = bytes[i]!;
    if (byte === 0x2c || byte === 0x5d || byte === 0x7d || byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) break;
    i++;
  }
  return i;
}

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Fed chunk by chunk (`push`), answers the value at `end()`: the same value JSON.parse gives for the whole text, or its SyntaxError. */
export class JsonStreamParser {
  private tail: Buffer = EMPTY;
  private readonly stack: Frame[] = [];
  private expect: Expect = "value";
  private result: unknown = undefined;

  /**
   * `waitLimit`: bytes an open container is waited for before it is assembled element by element.
   * `each`: given every value JSON.parse parsed whole (a row of cells, or a lone cell of a row
   * assembled element by element) before it is placed; what it answers is placed instead.
   */
  constructor(
    private readonly waitLimit = WAIT_LIMIT,
    private readonly each: (value: unknown) => unknown = (value) => value,
  ) {}

  /** A chunk of the text's UTF-8 bytes: a Buffer (node-fetch) or a plain Uint8Array (fetch's ReadableStream). */
  push(chunk: Uint8Array): void {
    const piece = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const bytes = this.tail.length === 0 ? piece : Buffer.concat([this.tail, piece]);
    const used = this.parse(bytes, false);
    // A copy, so the chunk it came from is let go.
    this.tail = used === bytes.length ? EMPTY : Buffer.from(bytes.subarray(used));
  }

  end(): unknown {
    const bytes = this.tail;
    this.tail = EMPTY;
    this.parse(bytes, true);
    if (this.expect !== "end") throw new JsonIncompleteError();
    return this.result;
  }

  /** Parses what it can of `bytes`; answers how many bytes it used (the rest waits for the next chunk). */
  private parse(bytes: Buffer, final: boolean): number {
    let pos = 0;
    for (;;) {
      while (pos < bytes.length && isSpace(bytes[pos]!)) pos++;
      if (pos >= bytes.length) return pos;
      const byte = bytes[pos]!;
      const frame = this.stack.at(-1);
      // An empty container closes where its first key or value would be.
      if ((this.expect === "keyOrClose" && byte === 0x7d) || (this.expect === "valueOrClose" && byte === 0x5d)) {
        this.close();
        pos++;
        continue;
      }
      switch (this.expect) {
        case "end":
          throw new SyntaxError(`Unexpected non-whitespace character after JSON at position ${pos}`);
        case "colon":
          if (byte !== 0x3a) throw new SyntaxError(`Expected ':' after property name in JSON`);
          this.expect = "value";
          pos++;
          continue;
        case "commaOrClose":
          if (byte === 0x2c) {
            this.expect = Array.isArray(frame!.value) ? "value" : "key";
            pos++;
          } else if (byte === (Array.isArray(frame!.value) ? 0x5d : 0x7d)) {
            this.close();
            pos++;
          } else throw new SyntaxError(`Expected ',' or '${Array.isArray(frame!.value) ? "]" : "}"}' after a value in JSON`);
          continue;
        case "keyOrClose":
        case "key": {
          if (byte !== 0x22) throw new SyntaxError("Expected double-quoted property name in JSON");
          const end = stringEnd(bytes, pos);
          if (end < 0) return this.incomplete(pos, final);
          frame!.key = JSON.parse(bytes.toString("utf8", pos, end)) as string;
          this.expect = "colon";
          pos = end;
          continue;
        }
        case "valueOrClose":
        case "value": {
          if (byte === 0x5b || byte === 0x7b) {
            const end = containerEnd(bytes, pos);
            if (end >= 0) {
              this.add(this.each(JSON.parse(bytes.toString("utf8", pos, end))));
              pos = end;
            } else if (final || bytes.length - pos < this.waitLimit) {
              return this.incomplete(pos, final);
            } else {
              this.stack.push({ value: byte === 0x5b ? [] : {}, key: "" });
              this.expect = byte === 0x5b ? "valueOrClose" : "keyOrClose";
              pos++;
            }
            continue;
          }
          const end = byte === 0x22 ? stringEnd(bytes, pos) : scalarEnd(bytes, pos);
          if (end < 0 || (end === bytes.length && !final)) return this.incomplete(pos, final);
          this.add(this.each(JSON.parse(bytes.toString("utf8", pos, end))));
          pos = end;
          continue;
        }
      }
    }
  }

  private incomplete(pos: number, final: boolean): number {
    if (final) throw new JsonIncompleteError();
    return pos;
  }

  private add(value: unknown): void {
    const frame = this.stack.at(-1);
    this.expect = frame ? "commaOrClose" : "end";
    if (!frame) this.result = value;
    else if (Array.isArray(frame.value)) frame.value.push(value);
    // As JSON.parse: "__proto__" is an own property, not the prototype.
    else Object.defineProperty(frame.value, frame.key, { value, writable: true, enumerable: true, configurable: true });
  }

  private close(): void {
    this.add(this.stack.pop()!.value);
  }
}

/** Reads a byte stream to its end and answers its JSON value (`each`: see JsonStreamParser). */
export async function parseJsonStream(stream: Readable | AsyncIterable<Uint8Array>, each?: (value: unknown) => unknown): Promise<unknown> {
  const parser = new JsonStreamParser(WAIT_LIMIT, each);
  for await (const chunk of stream as AsyncIterable<Uint8Array>) parser.push(chunk);
  return parser.end();
}
