import type { PluralRule } from './catalog.js';
import { LocaleKitError, type LocaleKitWarning } from '../errors.js';

/**
 * gettext `Plural-Forms` expressions: a tokenizer and a precedence-climbing parser of the C subset
 * GNU libintl's `plural.y` accepts, compiled into a tree of closures. Never `eval`/`new Function`:
 * catalog text is untrusted, and several gettext ports got CVEs from evaluating it.
 *
 * Grammar (GNU `plural.y`, lowest precedence first): `?:` (right-assoc) < `||` < `&&` < `== !=`
 * < `< > <= >=` < `+ -` < `* / %` < unary `!`; operands `n`, decimal literals, `( … )`.
 * There is no unary minus, as in GNU and Python's `gettext.c2py`.
 *
 * Arithmetic is C `unsigned long` (64-bit): subtraction wraps, literals wrap modulo 2^64. Division
 * or modulo by a literal 0 is refused when compiling; by a computed zero (`n/(n-n)`) it gives 0 —
 * GNU raises SIGFPE there, which in a server would be a crash, so this is a guard, not a GNU
 * behaviour to rely on.
 */

/** Longest expression accepted, in characters. Real ones are under 200. */
export const MAX_PLURAL_EXPRESSION_LENGTH = 1024;
/** Deepest nesting (parentheses, `!`, `?:`) accepted. Python's `c2py` stops at 20. */
export const MAX_PLURAL_EXPRESSION_DEPTH = 64;

/** GNU's fallback when `Plural-Forms` is missing or unusable: two forms, `n != 1`. */
export const DEFAULT_PLURAL_RULE: PluralRule = Object.freeze({
  nplurals: 2,
  index: (n: number): number => (n === 1 ? 0 : 1),
  expression: 'n != 1',
});

type Op = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';
type Token =
  | { readonly kind: 'num'; readonly value: bigint; readonly pos: number }
  | { readonly kind: 'n' | '!' | '?' | ':' | '(' | ')' | 'end'; readonly pos: number }
  | { readonly kind: 'op'; readonly op: Op; readonly pos: number };

const BINARY_PRECEDENCE: Readonly<Record<Op, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
};

const U64 = 1n << 64n;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Thrown inside the fast (number) evaluator when a value leaves the exactly-representable range. */
const OVERFLOW = Symbol('overflow');

/** A node compiled twice: a fast `number` evaluator and an exact `bigint` one for rare big values. */
interface Node {
  readonly num: (n: number) => number;
  readonly big: (n: bigint) => bigint;
  /** Set on literals, to refuse `x / 0` and `x % 0` at compile time. */
  readonly literal?: bigint;
}

function syntaxError(expr: string, message: string, pos: number): LocaleKitError {
  return new LocaleKitError(
    'E_PLURAL_FORMS',
    `invalid plural expression ${JSON.stringify(expr.length > 80 ? `${expr.slice(0, 80)}…` : expr)}: ${message} at offset ${pos}`,
    {
      hint: 'use the C subset gettext allows: n, integers, ! * / % + - < <= > >= == != && || ?: and parentheses',
    },
  );
}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const len = expr.length;
  while (i < len) {
    const c = expr.charCodeAt(i);
    // Whitespace: GNU skips ' ' and '\t'; newlines and CR are harmless here too.
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      i++;
      continue;
    }
    const pos = i;
    if (c >= 0x30 && c <= 0x39) {
      let j = i + 1;
      while (j < len && expr.charCodeAt(j) >= 0x30 && expr.charCodeAt(j) <= 0x39) j++;
      // strtoul-style accumulation in unsigned long: wraps modulo 2^64.
      tokens.push({ kind: 'num', value: BigInt(expr.slice(i, j)) % U64, pos });
      i = j;
      continue;
    }
    const next = expr[i + 1] ?? '';
    const ch = expr[i] as string;
    switch (ch) {
      case 'n': {
        // `n` must not run into an identifier (`nplurals`, `name`).
        if (next !== '' && /[A-Za-z0-9_$]/.test(next)) {
          throw syntaxError(expr, 'unknown identifier', pos);
        }
        tokens.push({ kind: 'n', pos });
        i++;
        continue;
      }
      case '?':
      case ':':
      case '(':
      case ')':
        tokens.push({ kind: ch, pos });
        i++;
        continue;
      case '!':
        if (next === '=') {
          tokens.push({ kind: 'op', op: '!=', pos });
          i += 2;
        } else {
          tokens.push({ kind: '!', pos });
          i++;
        }
        continue;
      case '=':
        if (next !== '=') throw syntaxError(expr, "'=' is not an operator (use '==')", pos);
        tokens.push({ kind: 'op', op: '==', pos });
        i += 2;
        continue;
      case '&':
      case '|':
        if (next !== ch) throw syntaxError(expr, `bitwise '${ch}' is not allowed`, pos);
        tokens.push({ kind: 'op', op: ch === '&' ? '&&' : '||', pos });
        i += 2;
        continue;
      case '<':
      case '>':
        if (next === '=') {
          tokens.push({ kind: 'op', op: ch === '<' ? '<=' : '>=', pos });
          i += 2;
        } else {
          tokens.push({ kind: 'op', op: ch, pos });
          i++;
        }
        continue;
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        tokens.push({ kind: 'op', op: ch, pos });
        i++;
        continue;
      default:
        throw syntaxError(
          expr,
          /[A-Za-z_$]/.test(ch)
            ? 'unknown identifier'
            : `unexpected character ${JSON.stringify(ch)}`,
          pos,
        );
    }
  }
  tokens.push({ kind: 'end', pos: len });
  return tokens;
}

function constant(value: bigint): Node {
  const asNumber = Number(value);
  const safe = value <= BigInt(MAX_SAFE);
  return {
    num: safe
      ? () => asNumber
      : () => {
          throw OVERFLOW;
        },
    big: () => value,
    literal: value,
  };
}

const VARIABLE: Node = { num: (n) => n, big: (n) => n };

function not(a: Node): Node {
  const an = a.num;
  const ab = a.big;
  return { num: (n) => (an(n) === 0 ? 1 : 0), big: (n) => (ab(n) === 0n ? 1n : 0n) };
}

function ternary(c: Node, t: Node, f: Node): Node {
  const cn = c.num;
  const tn = t.num;
  const fn = f.num;
  const cb = c.big;
  const tb = t.big;
  const fb = f.big;
  return {
    num: (n) => (cn(n) !== 0 ? tn(n) : fn(n)),
    big: (n) => (cb(n) !== 0n ? tb(n) : fb(n)),
  };
}

/** Counts the divisions by a computed zero while a rule is checked (`n%(n-n)`). */
interface ZeroDivisions {
  count: number;
}

function binary(op: Op, a: Node, b: Node, zero: ZeroDivisions): Node {
  const an = a.num;
  const bn = b.num;
  const ab = a.big;
  const bb = b.big;
  switch (op) {
    case '||':
      return {
        num: (n) => (an(n) !== 0 || bn(n) !== 0 ? 1 : 0),
        big: (n) => (ab(n) !== 0n || bb(n) !== 0n ? 1n : 0n),
      };
    case '&&':
      return {
        num: (n) => (an(n) !== 0 && bn(n) !== 0 ? 1 : 0),
        big: (n) => (ab(n) !== 0n && bb(n) !== 0n ? 1n : 0n),
      };
    case '==':
      return { num: (n) => (an(n) === bn(n) ? 1 : 0), big: (n) => (ab(n) === bb(n) ? 1n : 0n) };
    case '!=':
      return { num: (n) => (an(n) !== bn(n) ? 1 : 0), big: (n) => (ab(n) !== bb(n) ? 1n : 0n) };
    case '<':
      return { num: (n) => (an(n) < bn(n) ? 1 : 0), big: (n) => (ab(n) < bb(n) ? 1n : 0n) };
    case '<=':
      return { num: (n) => (an(n) <= bn(n) ? 1 : 0), big: (n) => (ab(n) <= bb(n) ? 1n : 0n) };
    case '>':
      return { num: (n) => (an(n) > bn(n) ? 1 : 0), big: (n) => (ab(n) > bb(n) ? 1n : 0n) };
    case '>=':
      return { num: (n) => (an(n) >= bn(n) ? 1 : 0), big: (n) => (ab(n) >= bb(n) ? 1n : 0n) };
    case '+':
      return {
        num: (n) => {
          const r = an(n) + bn(n);
          if (r > MAX_SAFE) throw OVERFLOW;
          return r;
        },
        big: (n) => (ab(n) + bb(n)) % U64,
      };
    case '-':
      return {
        num: (n) => {
          const r = an(n) - bn(n);
          if (r < 0) throw OVERFLOW; // unsigned wrap-around: redo exactly in bigint
          return r;
        },
        big: (n) => (ab(n) - bb(n) + U64) % U64,
      };
    case '*':
      return {
        num: (n) => {
          const r = an(n) * bn(n);
          if (r > MAX_SAFE) throw OVERFLOW;
          return r;
        },
        big: (n) => (ab(n) * bb(n)) % U64,
      };
    case '/':
      return {
        num: (n) => {
          const d = bn(n);
          if (d !== 0) return Math.floor(an(n) / d);
          zero.count++;
          return 0;
        },
        big: (n) => {
          const d = bb(n);
          if (d !== 0n) return ab(n) / d;
          zero.count++;
          return 0n;
        },
      };
    case '%':
      return {
        num: (n) => {
          const d = bn(n);
          if (d !== 0) return an(n) % d;
          zero.count++;
          return 0;
        },
        big: (n) => {
          const d = bb(n);
          if (d !== 0n) return ab(n) % d;
          zero.count++;
          return 0n;
        },
      };
  }
}

class Parser {
  private i = 0;
  constructor(
    private readonly expr: string,
    private readonly tokens: readonly Token[],
    private readonly zero: ZeroDivisions,
  ) {}

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private fail(message: string, token: Token = this.peek()): never {
    throw syntaxError(this.expr, message, token.pos);
  }

  parseAll(): Node {
    const node = this.ternary(0);
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t.kind === ')' ? "unbalanced ')'" : 'unexpected token');
    return node;
  }

  private ternary(depth: number): Node {
    if (depth > MAX_PLURAL_EXPRESSION_DEPTH) this.fail('nesting too deep');
    const cond = this.binary(1, depth);
    if (this.peek().kind !== '?') return cond;
    this.i++;
    const whenTrue = this.ternary(depth + 1);
    if (this.peek().kind !== ':') this.fail("expected ':'");
    this.i++;
    const whenFalse = this.ternary(depth + 1);
    return ternary(cond, whenTrue, whenFalse);
  }

  private binary(minPrecedence: number, depth: number): Node {
    let left = this.unary(depth);
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op') return left;
      const prec = BINARY_PRECEDENCE[t.op];
      if (prec < minPrecedence) return left;
      this.i++;
      // All binary operators are left-associative: the right side binds tighter only.
      const right = this.binary(prec + 1, depth);
      if ((t.op === '/' || t.op === '%') && right.literal === 0n) {
        // GNU would raise SIGFPE on every lookup; refuse it up front.
        this.fail(`'${t.op} 0' divides by zero`, t);
      }
      left = binary(t.op, left, right, this.zero);
    }
  }

  private unary(depth: number): Node {
    if (depth > MAX_PLURAL_EXPRESSION_DEPTH) this.fail('nesting too deep');
    const t = this.peek();
    switch (t.kind) {
      case '!':
        this.i++;
        return not(this.unary(depth + 1));
      case 'n':
        this.i++;
        return VARIABLE;
      case 'num':
        this.i++;
        return constant(t.value);
      case '(': {
        this.i++;
        const inner = this.ternary(depth + 1);
        if (this.peek().kind !== ')') this.fail("expected ')'");
        this.i++;
        return inner;
      }
      case 'end':
        return this.fail('unexpected end of expression');
      default:
        return this.fail('expected n, a number, ! or (');
    }
  }
}

/**
 * Compiles a gettext plural expression (`n%10==1 && n%100!=11 ? 0 : 1`) into a function from a
 * count to a form index. The count is taken as C `unsigned long` sees a non-negative integer:
 * `|trunc(n)|`; `NaN` and `±Infinity` count as 0. The index may be out of range for `nplurals`:
 * the caller falls back as GNU does.
 *
 * @throws LocaleKitError `E_PLURAL_FORMS` on anything outside the grammar (identifiers other than
 *   `n`, `;`, calls, assignments…), on more than 1024 characters, or nesting deeper than 64.
 */
export function compilePluralExpression(expr: string): (n: number) => number {
  return compileCounted(expr).index;
}

/** `compilePluralExpression`, plus a counter of the divisions by zero its calls have met. */
function compileCounted(expr: string): {
  index: (n: number) => number;
  zero: ZeroDivisions;
} {
  if (expr.length > MAX_PLURAL_EXPRESSION_LENGTH) {
    throw new LocaleKitError(
      'E_PLURAL_FORMS',
      `plural expression is ${expr.length} characters long (limit ${MAX_PLURAL_EXPRESSION_LENGTH})`,
      { hint: 'real Plural-Forms expressions are a few dozen characters; check the header' },
    );
  }
  const zero: ZeroDivisions = { count: 0 };
  const root = new Parser(expr, tokenize(expr), zero).parseAll();
  const num = root.num;
  const big = root.big;
  const index = (count: number): number => {
    const n = Number.isFinite(count) ? Math.trunc(Math.abs(count)) : 0;
    if (n <= MAX_SAFE) {
      try {
        return num(n);
      } catch (error) {
        if (error !== OVERFLOW) throw error;
      }
    }
    return Number(big(BigInt(n) % U64));
  };
  return { index, zero };
}

/** The counts `msgfmt -c` and `check` try a rule on (GNU's plural-exp check goes to 1000 too). */
const CHECKED_COUNTS = 1000;

/**
 * What is wrong with a rule for some count in 0…1000, as `msgfmt -c` reports it: the first count
 * whose index is `nplurals` or more, and the first that divides by zero. Both `undefined` when
 * the rule is sound.
 */
export function pluralRuleProblems(
  expression: string,
  nplurals: number,
): { readonly outOfRange?: number; readonly divisionByZero?: number } {
  const { index, zero } = compileCounted(expression);
  let outOfRange: number | undefined;
  let divisionByZero: number | undefined;
  for (let n = 0; n <= CHECKED_COUNTS; n++) {
    const before = zero.count;
    const i = index(n);
    if (outOfRange === undefined && i >= nplurals) outOfRange = n;
    if (divisionByZero === undefined && zero.count !== before) divisionByZero = n;
    if (outOfRange !== undefined && divisionByZero !== undefined) break;
  }
  return {
    ...(outOfRange !== undefined ? { outOfRange } : {}),
    ...(divisionByZero !== undefined ? { divisionByZero } : {}),
  };
}

/** Finds `key=` in a header value, as GNU's `strstr` does. */
function valueAfter(header: string, key: string): number {
  const at = header.indexOf(key);
  return at === -1 ? -1 : at + key.length;
}

/**
 * The rule of a `Plural-Forms` header value (`nplurals=3; plural=n%10==1 ? 0 : 1;`), read as GNU
 * libintl reads it: `nplurals=` and `plural=` found anywhere in the value, the expression ending at
 * `;`, a newline or the end. Missing → `W_PLURAL_FORMS_MISSING`; unparsable, or `nplurals` outside
 * 1..100 → `W_PLURAL_FORMS_INVALID`; both fall back to `DEFAULT_PLURAL_RULE` as GNU does.
 * Text after the expression is ignored as GNU ignores it, with `W_PLURAL_FORMS_TRAILING`.
 */
export function parsePluralFormsHeader(
  value: string | undefined,
  file: string,
  warnings: LocaleKitWarning[],
  /** The line of the header field, for the warnings. */
  line?: number,
): PluralRule {
  const at = line === undefined ? {} : { line };
  if (value === undefined || value.trim() === '') {
    warnings.push({
      code: 'W_PLURAL_FORMS_MISSING',
      file,
      ...at,
      message:
        'no Plural-Forms header: using nplurals=2; plural=(n != 1) as GNU gettext does (add one for your language)',
    });
    return DEFAULT_PLURAL_RULE;
  }
  const invalid = (why: string): PluralRule => {
    warnings.push({
      code: 'W_PLURAL_FORMS_INVALID',
      file,
      ...at,
      message: `unusable Plural-Forms ${JSON.stringify(value.slice(0, 200))}: ${why}; using nplurals=2; plural=(n != 1) as GNU gettext does`,
    });
    return DEFAULT_PLURAL_RULE;
  };

  const nAt = valueAfter(value, 'nplurals=');
  const pAt = valueAfter(value, 'plural=');
  if (nAt === -1 || pAt === -1) return invalid('it needs both nplurals= and plural=');
  const digits = /^\s*([0-9]+)/.exec(value.slice(nAt));
  if (!digits) return invalid('nplurals is not a number');
  const nplurals = Number(digits[1]);
  if (!(nplurals >= 1 && nplurals <= 100))
    return invalid(`nplurals=${digits[1]} is outside 1..100`);

  let end = pAt;
  while (end < value.length && value[end] !== ';' && value[end] !== '\n') end++;
  const expression = value.slice(pAt, end).trim();
  let index: (n: number) => number;
  try {
    index = compilePluralExpression(expression);
  } catch (error) {
    if (error instanceof LocaleKitError) return invalid(error.message);
    throw error;
  }
  // GNU stops at the first ';': anything but `nplurals=N` after it is ignored. Say so, since
  // `plural=n; <script>` is either a mistake or an attack.
  const rest = (value.slice(0, pAt - 'plural='.length) + value.slice(end))
    .replace(/nplurals\s*=\s*[0-9]+/, '')
    .replace(/[\s;]+/g, '');
  if (rest !== '') {
    warnings.push({
      code: 'W_PLURAL_FORMS_TRAILING',
      file,
      ...at,
      message: `Plural-Forms has extra text ${JSON.stringify(rest.slice(0, 80))}; ignored as GNU gettext ignores it`,
    });
  }
  warnProblems(expression, nplurals, file, warnings, at);
  return Object.freeze({ nplurals, index, expression });
}

/**
 * `W_PLURAL_FORMS_RANGE` and `W_PLURAL_FORMS_DIVISION`, as `msgfmt -c` reports them: lookups then
 * fall back (an index past the forms gives the source text, as GNU does; a division by zero gives
 * index 0 where GNU would raise SIGFPE).
 */
function warnProblems(
  expression: string,
  nplurals: number,
  file: string,
  warnings: LocaleKitWarning[],
  at: { line?: number },
): void {
  const { outOfRange, divisionByZero } = pluralRuleProblems(expression, nplurals);
  if (outOfRange !== undefined) {
    warnings.push({
      code: 'W_PLURAL_FORMS_RANGE',
      file,
      ...at,
      message: `plural=${expression} gives form ${compilePluralExpression(expression)(outOfRange)} for n=${outOfRange}, but nplurals=${nplurals} (forms 0..${nplurals - 1}); such counts get form 0, as GNU gettext gives them`,
    });
  }
  if (divisionByZero !== undefined) {
    warnings.push({
      code: 'W_PLURAL_FORMS_DIVISION',
      file,
      ...at,
      message: `plural=${expression} divides by zero for n=${divisionByZero} (GNU gettext would crash there); form 0 is used`,
    });
  }
}
