// A scripted model server on 127.0.0.1 for the real agent CLIs (npm run test:agents). It speaks the
// three wire formats the agents use — Anthropic Messages SSE (Claude Code, and Copilot CLI through its
// anthropic provider), OpenAI Responses SSE (Codex) and Gemini streamGenerateContent SSE — and answers
// each agent turn that offers tools with ONE scripted tool call, then, once the request carries that
// call's result, with a final text. Requests without tools (titles, summaries) get a short text.
import { createServer } from 'node:http';

const sse = (res, events) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const [event, data] of events) res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
  res.end();
};

// --- Anthropic Messages -------------------------------------------------------------------------
function anthropicHasResult(body) {
  const last = body.messages?.at(-1);
  return Array.isArray(last?.content) && last.content.some((part) => part?.type === 'tool_result');
}

function anthropicReply(res, body, call) {
  const usage = { input_tokens: 1, output_tokens: 1, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 };
  const start = ['message_start', { type: 'message_start', message: { id: 'msg_ag', type: 'message', role: 'assistant', model: body.model ?? 'scripted', content: [], stop_reason: null, stop_sequence: null, usage } }];
  const end = (reason) => [
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    ['message_delta', { type: 'message_delta', delta: { stop_reason: reason, stop_sequence: null }, usage: { output_tokens: 1 } }],
    ['message_stop', { type: 'message_stop' }],
  ];
  if (!call) {
    return sse(res, [start,
      ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }],
      ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'scripted: done' } }],
      ...end('end_turn')]);
  }
  return sse(res, [start,
    ['content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: `toolu_ag${Date.now()}`, name: call.name, input: {} } }],
    ['content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(call.input) } }],
    ...end('tool_use')]);
}

// --- OpenAI Responses ---------------------------------------------------------------------------
function responsesHasResult(body) {
  return Array.isArray(body.input) && body.input.some((item) => item?.type === 'function_call_output' || item?.type === 'custom_tool_call_output');
}

function responsesReply(res, call) {
  const id = `resp_ag${Date.now()}`;
  const usage = { input_tokens: 1, input_tokens_details: { cached_tokens: 0 }, output_tokens: 1, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 2 };
  const item = call?.custom
    ? { type: 'custom_tool_call', id: `ctc_${id}`, call_id: `call_${id}`, name: call.name, input: call.input, status: 'completed' }
    : call
    ? { type: 'function_call', id: `fc_${id}`, call_id: `call_${id}`, name: call.name, arguments: JSON.stringify(call.input), status: 'completed' }
    : { type: 'message', id: `msg_${id}`, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'scripted: done', annotations: [] }] };
  sse(res, [
    ['response.created', { type: 'response.created', response: { id, status: 'in_progress' } }],
    ['response.output_item.added', { type: 'response.output_item.added', output_index: 0, item }],
    ['response.output_item.done', { type: 'response.output_item.done', output_index: 0, item }],
    ['response.completed', { type: 'response.completed', response: { id, status: 'completed', output: [item], usage } }],
  ]);
}

// --- Gemini streamGenerateContent ---------------------------------------------------------------
function geminiHasResult(body) {
  const last = body.contents?.at(-1);
  return Array.isArray(last?.parts) && last.parts.some((part) => part?.functionResponse);
}

function geminiReply(res, call) {
  const part = call ? { functionCall: { name: call.name, args: call.input } } : { text: 'scripted: done' };
  sse(res, [[undefined, {
    candidates: [{ content: { role: 'model', parts: [part] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
    modelVersion: 'scripted',
  }]]);
}

/**
 * Starts the server. `script.call` is read on every request: `{ anthropic, responses, gemini }`, each
 * `{ name, input }`, the tool call to make for that wire format. `requests` records what was asked.
 */
export async function startModelServer() {
  const state = { script: undefined, requests: [] };
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (chunk) => { text += chunk; });
    req.on('end', () => {
      let body = {};
      try { body = text ? JSON.parse(text) : {}; } catch { /* not JSON: treated as no tools */ }
      const url = req.url ?? '';
      const hasTools = (Array.isArray(body.tools) && body.tools.length > 0);
      state.requests.push({ method: req.method, url, hasTools });
      const script = state.script ?? {};
      if (url.includes('/messages') && req.method === 'POST') {
        if (url.includes('count_tokens')) return json(res, { input_tokens: 1 });
        return anthropicReply(res, body, hasTools && !anthropicHasResult(body) ? script.anthropic : undefined);
      }
      if (url.includes('/responses') && req.method === 'POST') return responsesReply(res, hasTools && !responsesHasResult(body) ? script.responses : undefined);
      if (url.includes(':streamGenerateContent')) return geminiReply(res, hasTools && !geminiHasResult(body) ? script.gemini : undefined);
      if (url.includes(':countTokens')) return json(res, { totalTokens: 1 });
      if (url.includes('/models')) return json(res, { data: [], models: [] });
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `scripted model server: nothing at ${req.method} ${url}` } }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, state, close: () => new Promise((resolve) => server.close(resolve)) };
}

function json(res, value) {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}
