/**
 * Compile-time checking of message ids and placeholder values, opt-in by module augmentation
 * (the pattern of TanStack Router's `Register`). `localekit types` writes a declaration file:
 *
 * ```ts
 * declare module 'localekit' {
 *   interface Register {
 *     messages: {
 *       singular: { 'Hello, %(name)s!': { name: string | number } };
 *       plural: { '%(count)d item': { plural: '%(count)d items'; values: { count: number } } };
 *       contexts: { menu: { singular: { Open: {} }; plural: {} } };
 *     };
 *   }
 * }
 * ```
 *
 * With it, `_`, `translate` and `pgettext` accept only the ids of the template, a plural id only
 * with its plural and a count, and `_` requires a value of the right type for every placeholder.
 * Without it (`Register` left empty) every signature is the plain `string` one. Nothing here
 * exists at run time.
 */

/**
 * Augment with `messages` to type-check message ids; `localekit types` writes the augmentation.
 * Empty by default: then every id is a `string`.
 */
/* eslint-disable @typescript-eslint/no-empty-object-type -- declaration merging is the point */
// biome-ignore lint/suspicious/noEmptyInterface: an interface (not a type) can be augmented.
export interface Register {}
/* eslint-enable @typescript-eslint/no-empty-object-type */

/** The shape `localekit types` generates for `Register['messages']`. */
export interface MessageCatalogTypes {
  /** id → the values its placeholders need. */
  readonly singular: object;
  /** singular id → its plural and the values its placeholders need. */
  readonly plural: object;
  /** msgctxt → the same two tables for that context. */
  readonly contexts: object;
}

type Registered = Register extends { messages: infer M extends MessageCatalogTypes }
  ? M
  : undefined;

type NoContext = Registered extends MessageCatalogTypes ? Registered : never;
type Contexts = NoContext['contexts'];
type Table<C> = [C] extends [undefined]
  ? NoContext
  : C extends keyof Contexts
    ? Contexts[C]
    : never;
type SingularOf<C> = Table<C> extends { singular: infer S } ? S : never;
type PluralOf<C> = Table<C> extends { plural: infer P } ? P : never;

/** The plural message that goes with a plural id. */
export type PluralMessage<M extends string, C = undefined> = Registered extends undefined
  ? string
  : M extends keyof PluralOf<C>
    ? PluralOf<C>[M] extends { plural: infer P extends string }
      ? P
      : string
    : string;

/**
 * `M` when it is a singular id of the template (or when no types are registered, or when `M` is
 * not a literal: what `extract` cannot read, the types cannot check); otherwise a string type whose
 * text is the error message, naming the closest id.
 */
export type SingularId<M extends string, C = undefined> = Registered extends undefined
  ? M
  : string extends M
    ? M
    : M extends keyof SingularOf<C>
      ? M
      : M extends keyof PluralOf<C>
        ? `'${M}' is a plural message: pass its plural and a count`
        : UnknownId<M, keyof SingularOf<C> | keyof PluralOf<C>>;

/** `M` when it is a plural id of the template; otherwise a string type naming the problem. */
export type PluralId<M extends string, C = undefined> = Registered extends undefined
  ? M
  : string extends M
    ? M
    : M extends keyof PluralOf<C>
      ? M
      : M extends keyof SingularOf<C>
        ? `'${M}' has no plural in the template`
        : UnknownId<M, keyof SingularOf<C> | keyof PluralOf<C>>;

/** A msgctxt of the template, or an error message. */
export type ContextId<C extends string> = Registered extends undefined
  ? C
  : string extends C
    ? C
    : C extends keyof Contexts
      ? C
      : UnknownContext<C, keyof Contexts & string>;

/** The trailing `values` argument of `_(message, values?)`: required when there are placeholders. */
export type SingularValues<M extends string> = Registered extends undefined
  ? [values?: MessageValuesLike | undefined]
  : M extends keyof SingularOf<undefined>
    ? ValuesArgument<SingularOf<undefined>[M]>
    : [values?: MessageValuesLike | undefined];

/** The trailing `values` of `_(message, plural, count, values?)`; `count` comes from the count. */
export type PluralValues<M extends string> = Registered extends undefined
  ? [values?: MessageValuesLike | undefined]
  : M extends keyof PluralOf<undefined>
    ? PluralOf<undefined>[M] extends { values: infer V }
      ? ValuesArgument<Omit<V, 'count'> & { readonly count?: number }>
      : [values?: MessageValuesLike | undefined]
    : [values?: MessageValuesLike | undefined];

/** Any object, an interface-typed one included (`_('Hello, {name}', user)`): its own properties. */
type MessageValuesLike = object;

type RequiredKeys<V> = { [K in keyof V]-?: object extends Pick<V, K> ? never : K }[keyof V];

type ValuesArgument<V> = [RequiredKeys<V>] extends [never]
  ? [values?: (V & MessageValuesLike) | undefined]
  : [values: V];

type UnknownId<M extends string, Known> = Suggest<
  `'${M}' is not a message id of the template`,
  M,
  Candidates<M, Known & string>
>;

type UnknownContext<C extends string, Known extends string> = Suggest<
  `'${C}' is not a message context of the template`,
  C,
  Candidates<C, Known>
>;

type Suggest<Message extends string, M extends string, Near extends string> = [Near] extends [never]
  ? Message
  : `${Message}; did you mean '${Closest<M, Near>}'?`;

/**
 * The ids worth comparing: those that start with the same two characters, else the same first
 * one; none (no suggestion) when no id starts like `M`. This keeps an unknown id cheap to report
 * in a template of thousands of messages (a typo in the first character is not suggested).
 */
type Candidates<M extends string, Known extends string> = M extends `${infer A}${infer B}${string}`
  ? [Extract<Known, `${A}${B}${string}`>] extends [never]
    ? Extract<Known, `${A}${string}`>
    : Extract<Known, `${A}${B}${string}`>
  : M extends `${infer A}${string}`
    ? Extract<Known, `${A}${string}`>
    : never;

/*
 * The closest id, by an edit-distance bound that is cheap to compute in the type system:
 * max(length) − (common prefix + common suffix), capped. It equals the Levenshtein distance for
 * one inserted, deleted, replaced or swapped character — the typos worth naming — and ranks
 * everything else roughly. Only evaluated for an id that is not in the template.
 */
type Closest<M extends string, Known extends string> = M extends M
  ? // Only for a literal M: while M is still being inferred, this stays deferred.
    Nearest<Scored<Chars<M>, Known>>
  : never;

type Scored<A extends string[], Known extends string> = Known extends string
  ? [Known, Distance<A, Chars<Known>>]
  : never;

/**
 * The ids at the smallest distance: tries distance 0, 1, 2, … — linear in the number of ids for
 * each step, and typos are a step or two away.
 */
type Nearest<P, D extends 0[] = []> = [Extract<P, [string, D]>] extends [never]
  ? D['length'] extends MaxChars
    ? never
    : Nearest<P, [...D, 0]>
  : Extract<P, [string, D]>[0];

/** At most this many characters of each string are compared (keeps long messages cheap). */
type MaxChars = 120;

type Chars<S extends string, Acc extends string[] = []> = Acc['length'] extends MaxChars
  ? Acc
  : S extends `${infer H}${infer T}`
    ? Chars<T, [...Acc, H]>
    : Acc;

type Prefix<A extends string[], B extends string[], N extends 0[] = []> = A extends [
  infer a,
  ...infer ra extends string[],
]
  ? B extends [infer b, ...infer rb extends string[]]
    ? [a] extends [b]
      ? Prefix<ra, rb, [...N, 0]>
      : N
    : N
  : N;

type Suffix<A extends string[], B extends string[], N extends 0[] = []> = A extends [
  ...infer ra extends string[],
  infer a,
]
  ? B extends [...infer rb extends string[], infer b]
    ? [a] extends [b]
      ? Suffix<ra, rb, [...N, 0]>
      : N
    : N
  : N;

type Zeros<A extends unknown[]> = { [K in keyof A]: 0 };
type Longer<A extends 0[], B extends 0[]> = A extends [...B, ...0[]] ? A : B;
type Shorter<A extends 0[], B extends 0[]> = A extends [...B, ...0[]] ? B : A;
type Minus<A extends 0[], B extends 0[]> = A extends [...B, ...infer R] ? R : [];

type Distance<A extends string[], B extends string[]> = Minus<
  Longer<Zeros<A>, Zeros<B>>,
  Shorter<[...Prefix<A, B>, ...Suffix<A, B>], Shorter<Zeros<A>, Zeros<B>>>
>;

/** `pluralMessage, count` after a plural id: both required once types are registered. */
export type PluralArguments<M extends string, C = undefined> = Registered extends undefined
  ? [pluralMessage: string | undefined, count?: number | undefined]
  : [pluralMessage: PluralMessage<M, C>, count: number];
