/**
 * Sweep constraints: one comparison of two arithmetic expressions over parameter paths and
 * numbers, e.g. `sma.params.fast < sma.params.slow` or `2 * sma.params.fast <= sma.params.slow`.
 * Operators: + - * / and parentheses; < <= > >= == !=. A path is a word that starts with a letter
 * and may hold . - [ ] (so `sma-10.params.fast` is one path: put spaces around a minus sign).
 */

type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expression =
  | { kind: 'number'; value: number }
  | { kind: 'path'; text: string }
  | { kind: 'negate'; operand: Expression }
  | { kind: 'binary'; operator: '+' | '-' | '*' | '/'; left: Expression; right: Expression };

export interface Constraint {
  text: string;
  left: Expression;
  comparison: Comparison;
  right: Expression;
}

type Token = { kind: 'number'; value: number } | { kind: 'path'; text: string } | { kind: 'symbol'; text: string };

const TOKEN = /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][\w.\-[\]]*)|(<=|>=|==|!=|<|>|[-+*/()]))/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    if (/^\s*$/.test(text.slice(at))) break;
    TOKEN.lastIndex = at;
    const match = TOKEN.exec(text);
    if (!match) throw new SyntaxError(`unexpected "${text.slice(at).trim()}"`);
    if (match[1] !== undefined) tokens.push({ kind: 'number', value: Number(match[1]) });
    else if (match[2] !== undefined) tokens.push({ kind: 'path', text: match[2] });
    else tokens.push({ kind: 'symbol', text: match[3] });
    at = TOKEN.lastIndex;
  }
  return tokens;
}

const COMPARISONS: readonly Comparison[] = ['<=', '>=', '==', '!=', '<', '>'];

/** Parse a constraint; throws SyntaxError with a short reason. */
export function parseConstraint(text: string): Constraint {
  const tokens = tokenize(text);
  let at = 0;
  const describe = (token: Token | undefined) => (token === undefined ? 'the end' : token.kind === 'number' ? String(token.value) : `"${token.text}"`);
  /** The next token if it is one of `symbols` (consumed), else undefined. */
  function take<S extends string>(symbols: readonly S[]): S | undefined {
    const token = tokens[at];
    const symbol = token?.kind === 'symbol' ? symbols.find((candidate) => candidate === token.text) : undefined;
    if (symbol !== undefined) at++;
    return symbol;
  }

  function primary(): Expression {
    const token = tokens[at];
    if (token?.kind === 'number') {
      at++;
      return { kind: 'number', value: token.value };
    }
    if (token?.kind === 'path') {
      at++;
      return { kind: 'path', text: token.text };
    }
    if (take(['('])) {
      const inner = sum();
      if (!take([')'])) throw new SyntaxError(`expected ")" but found ${describe(tokens[at])}`);
      return inner;
    }
    if (take(['-'])) return { kind: 'negate', operand: primary() };
    throw new SyntaxError(`expected a number, a path or "(" but found ${describe(token)}`);
  }
  function product(): Expression {
    let left = primary();
    for (let operator = take(['*', '/'] as const); operator; operator = take(['*', '/'] as const)) {
      left = { kind: 'binary', operator, left, right: primary() };
    }
    return left;
  }
  function sum(): Expression {
    let left = product();
    for (let operator = take(['+', '-'] as const); operator; operator = take(['+', '-'] as const)) {
      left = { kind: 'binary', operator, left, right: product() };
    }
    return left;
  }

  const left = sum();
  const comparison = take(COMPARISONS);
  if (!comparison) throw new SyntaxError(`expected a comparison (< <= > >= == !=) but found ${describe(tokens[at])}`);
  const right = sum();
  if (at < tokens.length) throw new SyntaxError(`unexpected ${describe(tokens[at])} after the comparison`);
  return { text, left, comparison, right };
}

/** Every path a constraint reads, in order of appearance. */
export function pathsOf(constraint: Constraint): string[] {
  const out: string[] = [];
  const visit = (expression: Expression) => {
    if (expression.kind === 'path') out.push(expression.text);
    else if (expression.kind === 'negate') visit(expression.operand);
    else if (expression.kind === 'binary') {
      visit(expression.left);
      visit(expression.right);
    }
  };
  visit(constraint.left);
  visit(constraint.right);
  return out;
}

/** Thrown when a path's value cannot take part in the comparison (not a number where one is needed). */
export class ConstraintValueError extends Error {}

/**
 * Does a trial meet the constraint? `valueOf` gives each path's value in the trial. Numbers
 * compare as numbers; == and != also compare other values (lists, strings) by their JSON.
 */
export function meetsConstraint(constraint: Constraint, valueOf: (path: string) => unknown): boolean {
  const number = (expression: Expression): number => {
    switch (expression.kind) {
      case 'number':
        return expression.value;
      case 'path': {
        const value = valueOf(expression.text);
        if (typeof value !== 'number') throw new ConstraintValueError(`${expression.text} is ${JSON.stringify(value) ?? 'not set'}, not a number`);
        return value;
      }
      case 'negate':
        return -number(expression.operand);
      case 'binary': {
        const a = number(expression.left);
        const b = number(expression.right);
        if (expression.operator === '+') return a + b;
        if (expression.operator === '-') return a - b;
        if (expression.operator === '*') return a * b;
        return a / b;
      }
    }
  };
  // == and != also compare lists and strings, by their JSON.
  const json = (expression: Expression): string => JSON.stringify(expression.kind === 'path' ? valueOf(expression.text) : number(expression)) ?? 'undefined';
  switch (constraint.comparison) {
    case '<':
      return number(constraint.left) < number(constraint.right);
    case '<=':
      return number(constraint.left) <= number(constraint.right);
    case '>':
      return number(constraint.left) > number(constraint.right);
    case '>=':
      return number(constraint.left) >= number(constraint.right);
    case '==':
      return json(constraint.left) === json(constraint.right);
    case '!=':
      return json(constraint.left) !== json(constraint.right);
  }
}
