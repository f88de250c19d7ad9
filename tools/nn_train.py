"""What the training scripts of edgeav's networks share (JAX on the CPU): the
network family the neural core runs as a plane refiner (cpp/src/nn/conv_net.h),
its training on (input plane, target plane) pairs, and its evaluation.

The network sees a uint8 plane split into its four 2x2 phases (space-to-depth)
and predicts a correction of each phase: out = plane + net(plane). Layers are
valid convolutions, as the library runs them on a replicated-border plane.
"""

from __future__ import annotations

import time

import numpy as np

IN_SCALE, IN_OFFSET, OUT_SCALE = 1 / 64, -2.0, 16.0  # input v/64 - 2; output x16 in pixels


def space_to_depth(x: np.ndarray) -> np.ndarray:
    """(..., 2H, 2W) -> (..., H, W, 4), phases in the order (0,0), (0,1), (1,0), (1,1)."""
    return np.stack([x[..., 0::2, 0::2], x[..., 0::2, 1::2], x[..., 1::2, 0::2], x[..., 1::2, 1::2]], axis=-1)


def depth_to_space(q: np.ndarray) -> np.ndarray:
    *lead, h, w, _ = q.shape
    return q.reshape(*lead, h, w, 2, 2).swapaxes(-3, -2).reshape(*lead, 2 * h, 2 * w)


def layer_specs(channels: int, blocks: int, light_tail: bool = False) -> list[tuple[str, int, int, bool]]:
    """(kind, cin, cout, prelu) of each layer: a 3x3 conv 4->C, `blocks` depthwise-
    separable blocks (3x3 depthwise, 1x1 C->C), and a 3x3 conv C->4, or with
    light_tail a depthwise-separable C->4 (a third of the MACs per pixel)."""
    specs = [("conv3", 4, channels, True)]
    for _ in range(blocks):
        specs += [("dw3", channels, channels, False), ("conv1", channels, channels, True)]
    if light_tail:
        return specs + [("dw3", channels, channels, False), ("conv1", channels, 4, False)]
    return specs + [("conv3", channels, 4, False)]


def halo_of(specs) -> int:
    return sum(1 for kind, *_ in specs if kind != "conv1")


def sample_patches(pairs, count: int, size: int, halo: int, rng: np.random.Generator):
    """`count` training pairs from (input uint8 plane, target float plane) pairs of
    even size: the space-to-depth input around a size x size half-resolution patch
    (halo more each side), uint8, and the target minus the input on the patch,
    float16; both (N, ., ., 4)."""
    inputs, targets = [], []
    usable = [(a, t) for a, t in pairs if min(a.shape) >= 2 * (size + 2 * halo)]
    per = max(1, count // len(usable))
    for plane, target in usable:
        q_in, q_t = space_to_depth(plane), space_to_depth(target.astype(np.float32))
        qh, qw = q_in.shape[:2]
        for _ in range(per):
            y = int(rng.integers(0, qh - size - 2 * halo + 1))
            x = int(rng.integers(0, qw - size - 2 * halo + 1))
            inputs.append(q_in[y: y + size + 2 * halo, x: x + size + 2 * halo])
            inner = (slice(y + halo, y + halo + size), slice(x + halo, x + halo + size))
            targets.append((q_t[inner] - q_in[inner]).astype(np.float16))
    order = rng.permutation(len(inputs))
    return np.stack(inputs)[order], np.stack(targets)[order]


def init_params(specs, key):
    import jax

    params = []
    for kind, cin, cout, prelu in specs:
        key, sub = jax.random.split(key)
        if kind == "dw3":
            w = jax.random.normal(sub, (3, 3, 1, cout)) * np.sqrt(2 / 9)
        else:
            k = 3 if kind == "conv3" else 1
            w = jax.random.normal(sub, (k, k, cin, cout)) * np.sqrt(2 / (k * k * cin))
        p = {"w": w, "b": np.zeros(cout, np.float32)}
        if prelu:
            p["a"] = np.full(cout, 0.1, np.float32)
        params.append(p)
    params[-1]["w"] = params[-1]["w"] * 0.1
    return params


def forward(params, specs, x):
    """The correction (pixels) of each phase for space-to-depth input x (N, H, W, 4)."""
    import jax
    import jax.numpy as jnp

    x = x * IN_SCALE + IN_OFFSET
    for (kind, cin, cout, prelu), p in zip(specs, params):
        x = jax.lax.conv_general_dilated(x, p["w"], (1, 1), "VALID", dimension_numbers=("NHWC", "HWIO", "NHWC"),
                                         feature_group_count=cin if kind == "dw3" else 1) + p["b"]
        if prelu:
            x = jnp.where(x >= 0, x, p["a"] * x)
    return x * OUT_SCALE


def augment(q: np.ndarray, k: int) -> np.ndarray:
    """Rotation/flip k (0..7) of the full-resolution planes, on their space-to-depth form."""
    full = np.rot90(depth_to_space(q), k % 4, axes=(1, 2))
    if k >= 4:
        full = full[:, :, ::-1]
    return space_to_depth(np.ascontiguousarray(full))


def train(specs, inputs, targets, steps: int, batch: int, seed: int, lr: float = 2e-3, log: int = 500):
    """Adam on the mean squared error (PSNR is what the bars measure), cosine-decayed."""
    import jax
    import jax.numpy as jnp
    import optax

    params = init_params(specs, jax.random.PRNGKey(seed))
    opt = optax.adam(optax.cosine_decay_schedule(lr, steps, alpha=0.02))
    state = opt.init(params)

    def loss_fn(p, x, t):
        return jnp.mean((forward(p, specs, x) - t) ** 2)

    @jax.jit
    def step(p, s, x, t):
        loss, g = jax.value_and_grad(loss_fn)(p, x, t)
        updates, s = opt.update(g, s, p)
        return optax.apply_updates(p, updates), s, loss

    rng = np.random.default_rng(seed)
    start, running = time.time(), []
    for i in range(steps):
        idx = rng.integers(0, len(inputs), batch)
        k = int(rng.integers(0, 8))
        x = augment(inputs[idx].astype(np.float32), k)
        t = augment(targets[idx].astype(np.float32), k)
        params, state, loss = step(params, state, x, t)
        running.append(float(loss))
        if (i + 1) % log == 0:
            print(f"  step {i + 1}/{steps}  mse {np.mean(running):.3f}  {time.time() - start:.0f} s", flush=True)
            running = []
    return jax.tree_util.tree_map(np.asarray, params)


def refine(params, specs, plane: np.ndarray) -> np.ndarray:
    """The refined uint8 plane, as the library computes it (up to float rounding)."""
    import jax

    h, w = plane.shape
    border = 2 * halo_of(specs)
    padded = np.pad(plane, ((border, border + h % 2), (border, border + w % 2)), mode="edge").astype(np.float32)
    correction = depth_to_space(np.asarray(jax.jit(lambda x: forward(params, specs, x))(space_to_depth(padded)[None]))[0])
    return np.clip(np.rint(plane + correction[:h, :w]), 0, 255).astype(np.uint8)


def psnr(a: np.ndarray, b: np.ndarray, border: int = 0) -> float:
    if border:
        a, b = a[border:-border, border:-border], b[border:-border, border:-border]
    return float(10 * np.log10(255**2 / np.mean((a.astype(np.float64) - b) ** 2)))
