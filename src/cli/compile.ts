export async function runCompile(..._args: unknown[]): Promise<number> {
  return 0;
}
