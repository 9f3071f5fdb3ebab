// A small formula evaluator for the formulas labinov and its tests write: arithmetic,
// comparison, "&", string literals, cell and range references, and a few functions.
// Anything else evaluates to #NAME? / #ERROR!, as Google does for what it cannot read.
import { lettersToColumn } from "./a1.js";
import type { Computed } from "./values.js";

export interface FormulaContext {
  /** Value of one cell; `sheet` undefined means the formula's own tab. */
  cell(sheet: string | undefined, row: number, col: number): Computed | undefined;
  /** Values of a rectangle, row by row, empty cells left out. */
  range(sheet: string | undefined, startRow: number, startCol: number, endRow: number, endCol: number): Computed[];
}

class FormulaError extends Error {
  constructor(
    readonly code: string,
    readonly detail?: string,
  ) {
    super(code);
  }
}

// Google's wording for the errors this evaluator raises. "Function DIVIDE parameter 2 cannot
// be zero." and "Reference does not exist." are as Google returns them in
// CellData.effectiveValue.errorValue.message (seen in spreadsheets.get answers quoted by
// public projects); the others follow the same "Function NAME parameter N ..." form and are
// not confirmed word for word.
const PARSE_ERROR = "Formula parse error.";

/** ErrorValue.type for a displayed error code (spreadsheets/other#ErrorType in the v4 reference). */
export function errorType(code: string): string {
  const types: Record<string, string> = {
    "#DIV/0!": "DIVIDE_BY_ZERO",
    "#NAME?": "NAME",
    "#REF!": "REF",
    "#VALUE!": "VALUE",
    "#N/A": "N_A",
    "#NUM!": "NUM",
    "#NULL!": "NULL_VALUE",
    "#ERROR!": "ERROR",
  };
  return types[code] ?? "ERROR";
}

/** Google's message for an error this evaluator could not attribute more precisely. */
export function defaultErrorMessage(code: string): string {
  const messages: Record<string, string> = {
    "#DIV/0!": "Function DIVIDE parameter 2 cannot be zero.",
    "#REF!": "Reference does not exist.",
    "#ERROR!": PARSE_ERROR,
    "#N/A": "Value not available.",
    "#NUM!": "Number out of range.",
  };
  return messages[code] ?? "Formula evaluation error.";
}

const OPERATOR_FUNCTION: Record<string, string> = { "+": "ADD", "-": "MINUS", "*": "MULTIPLY", "/": "DIVIDE", "^": "POW" };

type Token = { kind: "num"; value: number } | { kind: "str"; value: string } | { kind: "ref"; value: string } | { kind: "op"; value: string };

const REF = /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)!)?\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?/;

function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = /^(\d+\.?\d*|\.\d+)(e[+-]?\d+)?/i.exec(rest);
    if (num) {
      tokens.push({ kind: "num", value: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let out = "";
      for (;;) {
        if (j >= src.length) throw new FormulaError("#ERROR!");
        if (src[j] === '"') {
          if (src[j + 1] === '"') {
            out += '"';
            j += 2;
            continue;
          }
          break;
        }
        out += src[j];
        j++;
      }
      tokens.push({ kind: "str", value: out });
      i = j + 1;
      continue;
    }
    const ref = REF.exec(rest);
    if (ref && !/^[A-Za-z0-9_]*\(/.test(rest.slice(0, ref[0].length + 1).replace(/^.*!/, ""))) {
      tokens.push({ kind: "ref", value: ref[0] });
      i += ref[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (name) {
      tokens.push({ kind: "ref", value: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(<=|>=|<>|[-+*/^&=<>(),:%])/.exec(rest);
    if (!op) throw new FormulaError("#ERROR!");
    tokens.push({ kind: "op", value: op[0] });
    i += op[0].length;
  }
  return tokens;
}

type Value = Computed | Computed[];

function toNumber(v: Value, fn = "VALUE", param = 1): number {
  if (Array.isArray(v)) return toNumber(v[0] ?? 0, fn, param);
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "object") throw new FormulaError(v.error, v.message);
  if (v === "") return 0;
  const n = Number(v);
  if (Number.isNaN(n)) {
    throw new FormulaError("#VALUE!", `Function ${fn} parameter ${param} expects number values. But '${v}' is a text and cannot be coerced to a number.`);
  }
  return n;
}

function toText(v: Value): string {
  if (Array.isArray(v)) return toText(v[0] ?? "");
  if (typeof v === "object") throw new FormulaError(v.error, v.message);
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

function flatten(args: Value[]): Computed[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
}

function numbersOf(args: Value[]): number[] {
  return flatten(args).flatMap((v) => {
    if (typeof v === "object") throw new FormulaError(v.error, v.message);
    return typeof v === "number" ? [v] : [];
  });
}

const FUNCTIONS: Record<string, (args: Value[]) => Computed> = {
  SUM: (args) => numbersOf(args).reduce((a, b) => a + b, 0),
  MIN: (args) => (numbersOf(args).length ? Math.min(...numbersOf(args)) : 0),
  MAX: (args) => (numbersOf(args).length ? Math.max(...numbersOf(args)) : 0),
  AVERAGE: (args) => {
    const ns = numbersOf(args);
    if (ns.length === 0) throw new FormulaError("#DIV/0!", "Evaluation of function AVERAGE caused a divide by zero error.");
    return ns.reduce((a, b) => a + b, 0) / ns.length;
  },
  COUNT: (args) => numbersOf(args).length,
  COUNTA: (args) => flatten(args).filter((v) => v !== "").length,
  CONCATENATE: (args) => flatten(args).map(toText).join(""),
  IF: (args) => {
    const cond = args[0] === undefined ? false : toNumber(args[0]) !== 0;
    const pick = cond ? args[1] : args[2];
    if (pick === undefined) return cond;
    return Array.isArray(pick) ? (pick[0] ?? "") : pick;
  },
  ROUND: (args) => {
    const digits = args[1] === undefined ? 0 : toNumber(args[1]);
    const f = 10 ** digits;
    return Math.round(toNumber(args[0] ?? 0) * f) / f;
  },
  NA: () => {
    throw new FormulaError("#N/A", "Value not available.");
  },
  TRUE: () => true,
  FALSE: () => false,
};

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly ctx: FormulaContext,
  ) {}

  parse(): Value {
    const v = this.comparison();
    if (this.pos < this.tokens.length) throw new FormulaError("#ERROR!");
    return v;
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.tokens[this.pos];
    return t && t.kind === "op" && ops.includes(t.value) ? t.value : undefined;
  }

  private comparison(): Value {
    let left = this.concat();
    for (let op = this.peekOp("=", "<>", "<", ">", "<=", ">="); op; op = this.peekOp("=", "<>", "<", ">", "<=", ">=")) {
      this.pos++;
      const right = this.concat();
      const a = Array.isArray(left) ? (left[0] ?? "") : left;
      const b = Array.isArray(right) ? (right[0] ?? "") : right;
      const cmp = typeof a === "number" && typeof b === "number" ? a - b : toText(a).localeCompare(toText(b));
      left = { "=": cmp === 0, "<>": cmp !== 0, "<": cmp < 0, ">": cmp > 0, "<=": cmp <= 0, ">=": cmp >= 0 }[op]!;
    }
    return left;
  }

  private concat(): Value {
    let left = this.additive();
    while (this.peekOp("&")) {
      this.pos++;
      left = toText(left) + toText(this.additive());
    }
    return left;
  }

  private additive(): Value {
    let left = this.multiplicative();
    for (let op = this.peekOp("+", "-"); op; op = this.peekOp("+", "-")) {
      this.pos++;
      const fn = OPERATOR_FUNCTION[op]!;
      const l = toNumber(left, fn, 1);
      const right = toNumber(this.multiplicative(), fn, 2);
      left = op === "+" ? l + right : l - right;
    }
    return left;
  }

  private multiplicative(): Value {
    let left = this.power();
    for (let op = this.peekOp("*", "/"); op; op = this.peekOp("*", "/")) {
      this.pos++;
      const fn = OPERATOR_FUNCTION[op]!;
      const l = toNumber(left, fn, 1);
      const right = toNumber(this.power(), fn, 2);
      if (op === "/" && right === 0) throw new FormulaError("#DIV/0!", "Function DIVIDE parameter 2 cannot be zero.");
      left = op === "*" ? l * right : l / right;
    }
    return left;
  }

  private power(): Value {
    let left = this.unary();
    while (this.peekOp("^")) {
      this.pos++;
      left = toNumber(left) ** toNumber(this.unary());
    }
    return left;
  }

  private unary(): Value {
    if (this.peekOp("-")) {
      this.pos++;
      return -toNumber(this.unary());
    }
    if (this.peekOp("+")) {
      this.pos++;
      return toNumber(this.unary());
    }
    const v = this.primary();
    if (this.peekOp("%")) {
      this.pos++;
      return toNumber(v) / 100;
    }
    return v;
  }

  private primary(): Value {
    const t = this.tokens[this.pos++];
    if (!t) throw new FormulaError("#ERROR!");
    if (t.kind === "num" || t.kind === "str") return t.value;
    if (t.kind === "op") {
      if (t.value !== "(") throw new FormulaError("#ERROR!");
      const v = this.comparison();
      if (!this.peekOp(")")) throw new FormulaError("#ERROR!");
      this.pos++;
      return v;
    }
    if (this.peekOp("(")) {
      this.pos++;
      const args: Value[] = [];
      if (!this.peekOp(")")) {
        for (;;) {
          args.push(this.comparison());
          if (this.peekOp(",")) {
            this.pos++;
            continue;
          }
          break;
        }
      }
      if (!this.peekOp(")")) throw new FormulaError("#ERROR!");
      this.pos++;
      const fn = FUNCTIONS[t.value.toUpperCase()];
      if (!fn) throw new FormulaError("#NAME?", `Unknown function: '${t.value}'.`);
      return fn(args);
    }
    if (/^(true|false)$/i.test(t.value)) return t.value.toLowerCase() === "true";
    return this.reference(t.value);
  }

  private reference(text: string): Value {
    const m = /^(?:('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)!)?\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(text);
    if (!m) throw new FormulaError("#NAME?", `Unknown range name: '${text}'.`);
    const sheet = m[1] ? (m[1].startsWith("'") ? m[1].slice(1, -1).replaceAll("''", "'") : m[1]) : undefined;
    const r1 = Number(m[3]) - 1;
    const c1 = lettersToColumn(m[2]!);
    if (!m[4]) {
      const v = this.ctx.cell(sheet, r1, c1);
      return v ?? "";
    }
    const r2 = Number(m[5]) - 1;
    const c2 = lettersToColumn(m[4]);
    return this.ctx.range(sheet, Math.min(r1, r2), Math.min(c1, c2), Math.max(r1, r2), Math.max(c1, c2));
  }
}

/** Evaluates "=..." to a value or a Google error code such as "#DIV/0!" or "#NAME?". */
export function evaluateFormula(formula: string, ctx: FormulaContext): Computed {
  try {
    const v = new Parser(tokenize(formula.replace(/^=/, "")), ctx).parse();
    const single = Array.isArray(v) ? (v[0] ?? "") : v;
    return single;
  } catch (err) {
    if (err instanceof FormulaError) return { error: err.code, message: err.detail ?? defaultErrorMessage(err.code) };
    throw err;
  }
}
