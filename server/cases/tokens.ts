/** Sign-in tokens as the county keeps them: made at random, stored and looked up by their SHA-256. */
import { createHash, randomBytes } from 'node:crypto';

export const hashToken = (token: string) => createHash('sha256').update(token, 'utf8').digest();
export const newToken = () => randomBytes(24).toString('base64url');

/** A configured office token shorter than this is refused: it could be guessed. */
export const MIN_TOKEN_LENGTH = 16;
