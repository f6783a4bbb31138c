"""The Python peer of `fovea serve`: what a team would otherwise write, FastAPI + uvicorn + PyTorch eager, serving
the same network with the same weights (exported from the Fovea model by ServingBench.java) and the same
preprocessing (shorter side resized to `resize`, else to the input's shorter side, centre crop, the model's mean
and std), answering SageMaker's contract: GET /ping, POST /invocations -> JSON array of probabilities.

Configured by environment: PEER_MODEL_DIR (the Fovea model directory, for model.json), PEER_WEIGHTS (the .npz),
PEER_MODE=threadpool (the default: inference in Starlette's thread pool, FastAPI's advice for blocking work) or
inline (inference on the event loop, the plainest script). Run: uvicorn peer:app --port 8081
"""
import io
import json
import os
import sys

import numpy as np
import torch
from fastapi import FastAPI, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "training-throughput"))
from torch_step import resnet  # noqa: E402  the PyTorch twin of Fovea's ResNets, shared with the training bench

MODEL_DIR = os.environ["PEER_MODEL_DIR"]
with open(os.path.join(MODEL_DIR, "model.json")) as f:
    DESCRIPTION = json.load(f)
CHANNELS, HEIGHT, WIDTH = DESCRIPTION["imageShape"]
SHORTER_SIDE = DESCRIPTION.get("resize") or min(HEIGHT, WIDTH)
MEAN = torch.tensor(DESCRIPTION["mean"]).view(-1, 1, 1)
STD = torch.tensor(DESCRIPTION["std"]).view(-1, 1, 1)
IMAGE_TYPES = {"application/x-image", "image/jpeg", "image/png"}


def load_weights(net, path):
    """Fovea's parameters, in the network's order, into the PyTorch net's, checking every shape: a mismatch means
    the PyTorch definition no longer follows Fovea's network, and names the first parameter that differs."""
    arrays = np.load(path)
    names = sorted(arrays.files)
    targets = [(key, value) for key, value in net.state_dict().items() if not key.endswith("num_batches_tracked")]
    if len(names) != len(targets):
        raise SystemExit(f"{path} holds {len(names)} parameters, the PyTorch net {len(targets)}: update torch_step.resnet")
    state = {}
    for name, (key, tensor) in zip(names, targets):
        array = arrays[name]
        if tuple(array.shape) != tuple(tensor.shape):
            raise SystemExit(f"Fovea's {name} {array.shape} does not fit PyTorch's {key} {tuple(tensor.shape)}")
        state[key] = torch.from_numpy(array)
    net.load_state_dict(state, strict=False)
    return net


NET = load_weights(resnet(DESCRIPTION["numLayers"], CHANNELS, DESCRIPTION["numClasses"]).eval(),
                   os.environ["PEER_WEIGHTS"])


def preprocess(body):
    image = Image.open(io.BytesIO(body))
    image = image.convert("L" if CHANNELS == 1 else "RGB")
    w, h = image.size
    if min(w, h) != SHORTER_SIDE:
        scale = SHORTER_SIDE / min(w, h)
        w, h = max(1, round(w * scale)), max(1, round(h * scale))
        image = image.resize((w, h), Image.BILINEAR)
    if w < WIDTH or h < HEIGHT:
        scale = max(WIDTH / w, HEIGHT / h)
        w, h = max(WIDTH, int(np.ceil(w * scale))), max(HEIGHT, int(np.ceil(h * scale)))
        image = image.resize((w, h), Image.BILINEAR)
    left, top = (w - WIDTH) // 2, (h - HEIGHT) // 2
    image = image.crop((left, top, left + WIDTH, top + HEIGHT))
    x = torch.from_numpy(np.asarray(image, dtype=np.float32) / 255.0)
    x = x.unsqueeze(0) if CHANNELS == 1 else x.permute(2, 0, 1)
    return (x - MEAN) / STD


def infer(body):
    try:
        x = preprocess(body)
    except Exception as e:  # PIL's errors for what is not an image
        raise HTTPException(status_code=400, detail=f"not an image: {e}")
    with torch.inference_mode():
        scores = NET(x.unsqueeze(0))[0]
    probabilities = torch.sigmoid(scores) if DESCRIPTION.get("multiLabel") else torch.softmax(scores, 0)
    return probabilities.tolist()


app = FastAPI()


@app.get("/ping")
def ping():
    return {"status": "ready"}


@app.post("/invocations")
async def invocations(request: Request):
    if request.headers.get("content-type", "").split(";")[0].strip() not in IMAGE_TYPES:
        raise HTTPException(status_code=415, detail="send one image")
    body = await request.body()
    if os.environ.get("PEER_MODE", "threadpool") == "inline":
        return infer(body)
    return await run_in_threadpool(infer, body)
