// Embedding providers: the embedded hashed default (offline, deterministic), any OpenAI-compatible
// /v1/embeddings endpoint, or a local ONNX sentence model. Vectors are L2-normalised.
export interface Embedder {
  /** Identifies provider, model and dimension; a change triggers re-embedding of stored vectors. */
  readonly id: string;
  readonly dimensions: number;
  embed(texts: string[]): Promise<Float32Array[]>;
}
