/** One value that failed a check, and why. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** A named check over string values; subclasses implement `check`. */
export abstract class ValidatorBase {
  constructor(readonly name: string) {}

  /** Checks one value: true when it passes. */
  abstract check(value: string): boolean;

  /** Checks each value and lists those that failed. */
  validate(values: readonly string[]): ValidationIssue[] {
    return values
      .map((value, index) => ({ value, index }))
      .filter(({ value }) => !this.check(value))
      .map(({ value, index }) => ({ path: `${this.name}[${index}]`, message: `invalid value: ${value}` }));
  }
}
