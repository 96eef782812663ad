export async function runCheck(..._args: unknown[]): Promise<number> {
  return 0;
}
