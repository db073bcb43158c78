import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export interface ProcessIdentity {
  host: string;
  pid: number;
  /**
   * When the process started, as the kernel counts it (Linux: clock ticks since boot from
   * /proc/PID/stat). Together with the pid it names one process even after the pid is reused.
   */
  startTime: string | null;
}

export function currentProcess(): ProcessIdentity {
  return { host: hostname(), pid: process.pid, startTime: processStartTime(process.pid) };
}

export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

/** Whether `owner` is a live process on this host (false when the pid now names another process). */
export function isProcessAlive(owner: ProcessIdentity): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: it exists but belongs to another user.
  }
  if (owner.startTime === null) return true;
  const now = processStartTime(owner.pid);
  return now === null || now === owner.startTime;
}
