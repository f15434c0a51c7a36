// Requests to the extension host with ids; each reply is matched to its request and its result is
// validated against the method's schema before anything is shown.
import { parseResult, type PanelMethod, type PanelParams, type PanelRequestResults, type WebviewToHostMessage } from '../protocol/panelMessages';

export interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}

type Settle = (reply: { result: unknown } | { error: string }) => void;

export class Rpc {
  private nextId = 1;
  private readonly pending = new Map<number, Settle>();

  constructor(private readonly api: VsCodeApi) {}

  request<M extends PanelMethod>(method: M, params: PanelParams[M]): Promise<PanelRequestResults[M]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        if ('error' in reply) return reject(new Error(reply.error));
        const result = parseResult(method, reply.result);
        if (result === undefined) reject(new Error(`the extension sent an unexpected answer to ${method}`));
        else resolve(result);
      });
      this.api.postMessage({ id, method, params } as WebviewToHostMessage);
    });
  }

  settle(id: number, reply: { result: unknown } | { error: string }): void {
    const settle = this.pending.get(id);
    this.pending.delete(id);
    settle?.(reply);
  }
}
