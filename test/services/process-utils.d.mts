export function findOnPath(name: string): string | undefined;
export function isAlive(pid: number): boolean;
export function isOurProcess(pid: number, marker: string): boolean;
export function stopProcess(pid: number, graceMs?: number): Promise<'not running' | 'stopped' | 'killed'>;
export function freePort(): Promise<number>;
