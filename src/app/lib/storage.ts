// The app's local storage: JSON values under "parley." keys. Only public or encrypted data goes
// here (contacts, read marks, settings, the passphrase-encrypted key); plaintext of messages is
// never stored, it is decrypted again on each load.
const PREFIX = "parley.";

export function loadJson<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = localStorage.getItem(PREFIX + key);
    if (raw === null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function saveJson(key: string, value: unknown): void {
  localStorage.setItem(PREFIX + key, JSON.stringify(value));
}

export function removeKey(key: string): void {
  localStorage.removeItem(PREFIX + key);
}

export const isRecordOf = <T>(check: (v: unknown) => v is T) => (v: unknown): v is Record<string, T> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every(check);

export const isString = (v: unknown): v is string => typeof v === "string";
