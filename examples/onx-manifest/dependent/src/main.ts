import { Client, type ClientOptions, connect, formatNumber, readFileText, toSlug } from '@acme/core';
import { BaseValidator, EmailValidator } from '@acme/core/validation';

/** Accepts names that are not blank. */
class NameValidator extends BaseValidator {
  check(value: string): boolean {
    return value.trim() !== '';
  }
}

const options: ClientOptions = { baseUrl: 'https://api.acme.test', cacheTime: 5_000 };
export const client = Client.create(options);
export const validators: BaseValidator[] = [new NameValidator('name'), new EmailValidator('email')];

export async function postSlugs(): Promise<string[]> {
  const urls = await client.fetchAll('posts');
  return urls.map((url) => toSlug(url));
}

export const link = connect('https://api.acme.test', { timeoutMs: 500 });
export const readme = readFileText('README.md', 'latin1');
export const price = formatNumber(9.5);
