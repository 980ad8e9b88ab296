// Where exports go: a bucket, behind a small port (ObjectStore). S3ObjectStore is AWS S3 or
// an S3-compatible store (S3_ENDPOINT, path-style addressing). As for DynamoDB, the SDK's own
// retries are off: the exporter retries with the sync's backoff and breaker. The SDK is imported on
// the first upload, not at start-up: loading it took about a third of an empty relay's start.
import type { S3Client } from '@aws-sdk/client-s3';

export interface ObjectStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  /** The object's body, or undefined when there is none. */
  get(key: string): Promise<string | undefined>;
  close(): void;
}

export interface S3Settings {
  bucket: string;
  endpoint: string | undefined;
  region: string | undefined;
  /** false with an endpoint and no AWS keys: fixed local keys (MinIO, s3rver take any). */
  useCredentialChain: boolean;
  requestTimeoutMs: number;
}

export class S3ObjectStore implements ObjectStore {
  private client: S3Client | undefined;
  private closed = false;

  constructor(private readonly settings: S3Settings) {}

  private async sdk(): Promise<{ client: S3Client; sdk: typeof import('@aws-sdk/client-s3') }> {
    const sdk = await import('@aws-sdk/client-s3');
    this.client ??= this.makeClient(sdk.S3Client);
    return { client: this.client, sdk };
  }

  private makeClient(S3: typeof S3Client): S3Client {
    const { settings } = this;
    return new S3({
      ...(settings.endpoint ? { endpoint: settings.endpoint, forcePathStyle: true } : {}),
      region: settings.region ?? (settings.endpoint ? 'us-east-1' : undefined),
      ...(settings.useCredentialChain
        ? {}
        : { credentials: { accessKeyId: 'caja-local', secretAccessKey: 'caja-local' } }),
      maxAttempts: 1,
      // S3-compatible stores do not all know the SDK's newer default checksums.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: {
        requestTimeout: settings.requestTimeoutMs,
        throwOnRequestTimeout: true,
        connectionTimeout: Math.min(settings.requestTimeoutMs, 3000),
      },
    });
  }

  async put(key: string, body: string, contentType: string): Promise<void> {
    const { client, sdk } = await this.sdk();
    if (this.closed) throw new Error('the S3 client is closed');
    await client.send(
      new sdk.PutObjectCommand({
        Bucket: this.settings.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
      }),
    );
  }

  async get(key: string): Promise<string | undefined> {
    const { client, sdk } = await this.sdk();
    if (this.closed) throw new Error('the S3 client is closed');
    try {
      const output = await client.send(
        new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key }),
      );
      return await output.Body?.transformToString('utf8');
    } catch (error) {
      if ((error as { name?: string } | null)?.name === 'NoSuchKey') return undefined;
      throw error;
    }
  }

  close(): void {
    this.closed = true;
    this.client?.destroy();
  }
}
