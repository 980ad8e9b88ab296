// Decides whether the AWS SDK's credential chain has something to find, without calling the
// network: the EC2/ECS metadata probe would stall an offline shop's start-up. An instance role
// alone (no env, no files) is therefore not detected; SYNC_USE_AWS_CHAIN=1 forces the chain.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type Env = Record<string, string | undefined>;

export function hasAwsCredentials(
  env: Env,
  fileExists: (path: string) => boolean = existsSync,
  home: string = homedir(),
): boolean {
  if (env.SYNC_USE_AWS_CHAIN === '1' || env.SYNC_USE_AWS_CHAIN === 'true') return true;
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return true;
  if (env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE) return true;
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI)
    return true;
  const credentialsFile = env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials');
  const configFile = env.AWS_CONFIG_FILE || join(home, '.aws', 'config');
  return fileExists(credentialsFile) || fileExists(configFile);
}
