import { BaseValidator } from './base.js';

/** Accepts e-mail addresses: something, an at sign, something with a dot. */
export class EmailValidator extends BaseValidator {
  check(value: string): boolean {
    return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);
  }
}
