export function startMoto(
  repoRoot: string,
  stateDir: string,
  options?: { timeoutMs?: number },
): Promise<{ pid: number; endpoint: string }>;
export function checkMoto(endpoint: string): Promise<boolean>;
