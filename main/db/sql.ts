// A tiny tagged template for raw SQL: values become bound parameters, never text.
// `sql\`SELECT * FROM t WHERE a = ${a}\`` → ['SELECT * FROM t WHERE a = ?', [a]].
// Fragments nest: a `SqlQuery` interpolated into another is spliced with its params.

export type SqlValue = string | number | bigint | null | Buffer | Uint8Array;

export class SqlQuery {
  constructor(
    readonly text: string,
    readonly params: readonly SqlValue[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: (SqlValue | SqlQuery)[]): SqlQuery {
  let text = strings[0] ?? '';
  const params: SqlValue[] = [];
  values.forEach((value, index) => {
    if (value instanceof SqlQuery) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[index + 1] ?? '';
  });
  return new SqlQuery(text, params);
}

/** Joins fragments with a separator, e.g. conditions with ' AND '. */
export function join(fragments: readonly SqlQuery[], separator: string): SqlQuery {
  return new SqlQuery(
    fragments.map((fragment) => fragment.text).join(separator),
    fragments.flatMap((fragment) => fragment.params),
  );
}

export const empty = new SqlQuery('', []);

/** A trusted constant fragment (column lists, ORDER BY); never user input. */
export function raw(text: string): SqlQuery {
  return new SqlQuery(text, []);
}
