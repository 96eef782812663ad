export async function runUpdate(..._args: unknown[]): Promise<number> {
  return 0;
}
