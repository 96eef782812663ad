import type { Express } from 'express';

export interface DemoAppOptions {
  /** Catalogs to serve. @default the repository's `locales/` */
  readonly localesDir?: string;
  /** Honour `X-Forwarded-For` / `X-Forwarded-Proto`. @default false */
  readonly trustProxy?: boolean;
  /** Latency of the simulated data source on `/`, in ms. @default 25 */
  readonly inboxDelayMs?: number;
  /** Add the pseudo-locales en-XA and ar-XB (for development). @default false */
  readonly pseudo?: boolean;
  /** Catalog warnings. @default printed to stderr */
  readonly onWarning?: (warning: {
    code: string;
    file: string;
    line?: number;
    message: string;
  }) => void;
}

export declare const DEFAULT_LOCALES_DIR: string;
export declare const CART_SIZES: readonly number[];
export declare const SLOW_MAX_MS: number;
export declare function createApp(options?: DemoAppOptions): Promise<Express>;
