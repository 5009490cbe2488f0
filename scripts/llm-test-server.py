"""OpenAI-compatible llama.cpp server for the insight narrative tests (scripts/ensure-tools.mjs llm).

Runs cyllama's HTTP server (POST /v1/chat/completions with `usage`, GET /health) on a GGUF model,
with two fixes to cyllama 0.2.18's pure-Python front, which the tests otherwise trip over:
- each request starts from an empty KV cache: the slot's reset only zeroes a counter, so from the
  second request on llama_decode rejects the batch and the answer is empty;
- the prompt is the model's own chat template (llama_chat_apply_template), not "User: ...", so an
  instruct model answers instead of continuing the text.

usage: python llm-test-server.py -m MODEL.gguf [--host 127.0.0.1] [--port 8080] [--ctx-size 4096]
"""
import argparse
import time

from cyllama.llama.llama_cpp import LlamaChatMessage
from cyllama.llama.server import python as srv


def _reset(self):
    _original_reset(self)
    self.context.kv_cache_clear()


def _messages_to_prompt(self, messages):
    template = self.model.get_default_chat_template()
    if not template:
        return _original_prompt(self, messages)
    chat = [LlamaChatMessage(role=m.role, content=m.content) for m in messages]
    return self.model.chat_apply_template(template, chat, True)


_original_reset = srv.ServerSlot.reset
_original_prompt = srv.PythonServer._messages_to_prompt
srv.ServerSlot.reset = _reset
srv.PythonServer._messages_to_prompt = _messages_to_prompt


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-m", "--model", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--ctx-size", type=int, default=4096)
    args = parser.parse_args()
    config = srv.ServerConfig(model_path=args.model, host=args.host, port=args.port, n_ctx=args.ctx_size, n_gpu_layers=0, n_parallel=1)
    with srv.PythonServer(config):
        print(f"llm-test-server listening on http://{args.host}:{args.port}", flush=True)
        while True:
            time.sleep(3600)


if __name__ == "__main__":
    main()
