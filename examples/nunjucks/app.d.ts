import type { Express } from 'express';

export declare function createNunjucksApp(options?: {
  readonly localesDir?: string;
  readonly onWarning?: (warning: { code: string; message: string }) => void;
}): Promise<Express>;
