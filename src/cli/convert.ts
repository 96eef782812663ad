export async function runConvert(..._args: unknown[]): Promise<number> {
  return 0;
}
