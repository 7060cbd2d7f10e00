"""The GPU check's steps (benchmarks/gpu_check.sh runs this; see there).

Builds the core and attention-train against the Python torch's LibTorch (or
uses a build given with --build), then checks and measures, writing every
result to one JSON file:

  logits      a trained checkpoint read on the device and on the CPU: every
              token probability and attention weight within 1e-4
  precision   dates/small trained in fp32, bf16, fp16 and bf16 with CUDA
              graphs: the loss at step 500 within 2% of fp32's, and each
              run's exact match 100%
  paper_base  paper-base on the dates task with bf16: minutes to 100% exact
              match (target: under 2)
  refusals    a 2-rank NCCL run on one GPU; on the CPU --device cuda,
              --amp fp16, --cuda-graphs and NCCL: each refused with one line
              and exit status 2
  benchmark   tokens/s of bench-small and bench-base: ours in fp32, bf16
              and bf16 with CUDA graphs; the Python reference eager (fp32,
              bf16) and torch.compile, on the same device

With --cpu the same steps run on the CPU at small sizes (what needs a GPU is
recorded as skipped, with the reason), so that the script itself is tested.
"""
import argparse
import csv
import glob
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def log(text):
    print(f"[gpu-check] {text}", flush=True)


def run(command, timeout=900, env=None):
    """(exit status, stdout, stderr, seconds) of a command; never raises."""
    begun = time.monotonic()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                              env=env)
        return done.returncode, done.stdout, done.stderr, time.monotonic() - begun
    except subprocess.TimeoutExpired as expired:
        return 124, expired.stdout or "", f"timed out after {timeout} s", time.monotonic() - begun
    except OSError as error:
        return 127, "", str(error), time.monotonic() - begun


# --- what the GPU machine lacks: Debian's packages, unpacked without dpkg ----

def unpack_deb(path, into):
    """Extracts a .deb's data archive (an ar archive holding data.tar.*)."""
    with open(path, "rb") as deb:
        if deb.read(8) != b"!<arch>\n":
            raise ValueError(f"{path}: not a Debian package (no ar header)")
        while True:
            header = deb.read(60)
            if len(header) < 60:
                raise ValueError(f"{path}: no data.tar member")
            name = header[:16].decode().strip().rstrip("/")
            size = int(header[48:58].decode().strip())
            body = deb.read(size)
            if size % 2:
                deb.read(1)
            if name.startswith("data.tar"):
                with tarfile.open(fileobj=io.BytesIO(body)) as archive:
                    if hasattr(tarfile, "tar_filter"):  # Python 3.12, and 3.8–3.11 with fixes
                        archive.extractall(into, filter="tar")
                    else:
                        archive.extractall(into)
                return


def unpacked_root(packages):
    """The folder the packages of .gpu/debs were unpacked into (None: none)."""
    debs = sorted(glob.glob(os.path.join(packages, "debs", "*.deb")))
    if not debs:
        return None
    root = os.path.join(packages, "root")
    for deb in debs:
        unpack_deb(deb, root)
    # Links to /lib/... (zlib1g-dev's libz.so) point into the unpacked tree instead.
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            target = os.readlink(path) if os.path.islink(path) else ""
            if target.startswith("/") and os.path.exists(root + target):
                os.remove(path)
                os.symlink(os.path.relpath(root + target, folder), path)
    log(f"unpacked {len(debs)} packages into {root}")
    return root


def configure_and_build(build, packages, jobs):
    prefix = subprocess.check_output(
        [sys.executable, "-c", "import torch; print(torch.utils.cmake_prefix_path)"], text=True).strip()
    # The torch folder first, so that its libtorch is found before any other.
    prefixes = [os.path.dirname(os.path.dirname(prefix)), prefix]
    options = []
    root = unpacked_root(packages)
    if root:
        usr = os.path.join(root, "usr")
        lib = os.path.join(usr, "lib", "x86_64-linux-gnu")
        prefixes.append(usr)
        options += [f"-DCMAKE_INCLUDE_PATH={usr}/include", f"-DCMAKE_LIBRARY_PATH={lib}"]
    options += [f"-DCMAKE_PREFIX_PATH={';'.join(prefixes)}", "-DCMAKE_CXX_FLAGS=-DC10_NODEPRECATED"]
    environment = dict(os.environ, TORCH_CUDA_ARCH_LIST=os.environ.get("TORCH_CUDA_ARCH_LIST", "9.0"))
    status, out, err, seconds = run(
        ["cmake", "-S", ROOT, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
         "-DATTN_BUILD_UI=OFF", "-DBUILD_TESTING=OFF", *options], env=environment)
    if status != 0:
        return {"ok": False, "step": "configure", "seconds": seconds, "log": (out + err)[-4000:]}
    status, out, err, built = run(["cmake", "--build", build, "--parallel", str(jobs),
                                   "--target", "attention-train"], timeout=1800, env=environment)
    result = {"ok": status == 0, "seconds": round(seconds + built, 1)}
    if status != 0:
        result.update(step="build", log=(out + err)[-4000:])
    return result


# --- the checks ---------------------------------------------------------------

class Check:
    def __init__(self, train, device, cpu, work):
        self.train, self.device, self.cpu, self.work = train, device, cpu, work

    def train_run(self, name, arguments, timeout=900):
        """Trains one run; (run directory or None, seconds, the error's last line)."""
        out = os.path.join(self.work, "runs")
        status, stdout, stderr, seconds = run(
            [self.train, *arguments, "--out", out, "--name", name, "--quiet"], timeout=timeout)
        directory = None
        for line in stdout.splitlines():
            if line.startswith("run directory: "):
                directory = line[len("run directory: "):].strip()
        error = stderr.strip().splitlines()[-1] if status != 0 and stderr.strip() else ""
        return (directory if status == 0 else None), seconds, error

    @staticmethod
    def losses(directory):
        with open(os.path.join(directory, "metrics.csv")) as metrics:
            return {int(row["step"]): float(row["loss"]) for row in csv.DictReader(metrics)
                    if row["kind"] == "step"}

    @staticmethod
    def final(directory):
        with open(os.path.join(directory, "run.json")) as facts:
            return json.load(facts)

    def refused(self, arguments, expected):
        status, _, stderr, _ = run([self.train, *arguments, "--out", os.path.join(self.work, "refused")],
                                   timeout=120)
        lines = stderr.strip().splitlines()
        ok = status == 2 and len(lines) == 1 and expected in lines[0]
        return {"ok": ok, "exit": status, "message": stderr.strip()[-400:], "expected": expected}

    # Training sizes: dates/small as the issue names it on the GPU; tiny and
    # short on the CPU.
    def dates(self):
        if self.cpu:
            return ["--task", "dates", "--preset", "tiny", "--train-size", "512", "--eval-size", "64",
                    "--epochs", "1", "--seed", "1"]
        return ["--task", "dates", "--preset", "small", "--seed", "1"]

    def precision(self):
        steps = 40 if self.cpu else 500
        result = {"compared_at_step": steps}
        fp32, seconds, error = self.train_run("fp32", [*self.dates(), "--device", self.device])
        if not fp32:
            return {"ok": False, "fp32": {"error": error}}, None
        losses = self.losses(fp32)
        steps = min(steps, max(losses))  # the CPU's short run may end sooner
        result["compared_at_step"] = steps
        window = [losses[s] for s in range(max(1, steps - 49), steps + 1) if s in losses]
        reference = sum(window) / len(window)
        facts = self.final(fp32)
        result["fp32"] = {"loss": reference, "exact_match": facts["final"]["exact_match"],
                          "seconds": round(seconds, 1), "steps": facts["steps"]}
        ok = True
        modes = {"bf16": ["--amp", "bf16"], "fp16": ["--amp", "fp16"],
                 "bf16_graphs": ["--amp", "bf16", "--cuda-graphs"]}
        for mode, flags in modes.items():
            if self.cpu:
                result[mode] = {"skipped": "mixed precision and CUDA graphs run on CUDA only "
                                           "(their refusals are checked)"}
                continue
            directory, seconds, error = self.train_run(mode, [*self.dates(), "--device", self.device,
                                                              *flags])
            if not directory:
                result[mode] = {"error": error}
                ok = False
                continue
            losses = self.losses(directory)
            window = [losses[s] for s in range(max(1, steps - 49), steps + 1) if s in losses]
            loss = sum(window) / len(window)
            facts = self.final(directory)
            relative = abs(loss - reference) / reference
            exact = facts["final"]["exact_match"]
            result[mode] = {"loss": loss, "relative_to_fp32": relative, "exact_match": exact,
                            "seconds": round(seconds, 1), "steps": facts["steps"],
                            "skipped_steps": facts.get("amp", {}).get("skipped_steps")}
            ok = ok and relative <= 0.02 and exact == 1.0
        if not self.cpu:
            ok = ok and result["fp32"]["exact_match"] == 1.0
        result["ok"] = ok
        return result, fp32

    def logits(self, run_directory):
        """The trained checkpoint read on the CPU and on the device."""
        if not run_directory:
            return {"ok": False, "error": "no trained run to read"}
        sentence = "Wednesday, 3 March 2021"
        documents = {}
        for device in ("cpu", self.device):
            target = os.path.join(self.work, f"inspect-{device.replace(':', '-')}.json")
            status, _, stderr, _ = run([self.train, "--inspect", run_directory, "--input", sentence,
                                        "--json", target, "--device", device], timeout=300)
            if status != 0:
                return {"ok": False, "device": device, "error": stderr.strip()[-400:]}
            with open(target) as document:
                documents[device] = json.load(document)
        cpu, other = documents["cpu"], documents[self.device]
        worst = 0.0
        if [t["id"] for t in cpu["greedy"]["tokens"]] != [t["id"] for t in other["greedy"]["tokens"]]:
            return {"ok": False, "error": "the greedy translations differ",
                    "cpu": cpu["greedy"]["text"], self.device: other["greedy"]["text"]}
        for a, b in zip(cpu["greedy"]["tokens"], other["greedy"]["tokens"]):
            worst = max(worst, abs(a["p"] - b["p"]))
            for x, y in zip(a["top"], b["top"]):
                worst = max(worst, abs(x["p"] - y["p"]))
        attention = 0.0
        for kind in ("encoder_self", "decoder_self", "cross"):
            for a, b in zip(cpu["attention"][kind], other["attention"][kind]):
                attention = max(attention, max(abs(x - y) for x, y in zip(a["weights"], b["weights"])))
        return {"ok": worst <= 1e-4 and attention <= 1e-4, "max_probability_difference": worst,
                "max_attention_difference": attention, "tolerance": 1e-4, "input": sentence,
                "translation": other["greedy"]["text"]}

    def paper_base(self):
        if self.cpu:
            return {"skipped": "paper-base on the dates task is timed on the GPU only"}
        directory, seconds, error = self.train_run(
            "paper-base", ["--task", "dates", "--preset", "paper-base", "--device", self.device,
                           "--amp", "bf16", "--seed", "1"], timeout=600)
        if not directory:
            return {"ok": False, "error": error, "seconds": round(seconds, 1)}
        facts = self.final(directory)
        return {"ok": facts["final"]["exact_match"] == 1.0 and seconds < 120,
                "exact_match": facts["final"]["exact_match"], "seconds": round(seconds, 1),
                "steps": facts["steps"], "target_seconds": 120}

    def refusals(self):
        copy = ["--task", "copy", "--epochs", "1"]
        result = {}
        if self.cpu:
            result["amp_on_cpu"] = self.refused([*copy, "--device", "cpu", "--amp", "fp16"],
                                                "amp: mixed precision needs a CUDA device")
            result["cuda_on_cpu"] = self.refused([*copy, "--device", "cuda"], "device: cuda")
            result["graphs_on_cpu"] = self.refused([*copy, "--device", "cpu", "--cuda-graphs"],
                                                   "cuda_graphs: CUDA graphs need a CUDA device")
            result["nccl_without_gpus"] = self.refused(
                [*copy, "--device", "cpu", "--nproc", "2", "--backend", "nccl"], "backend nccl")
        else:
            result["nccl_two_ranks_one_gpu"] = self.refused(
                [*copy, "--device", "cuda", "--nproc", "2", "--backend", "nccl"], "backend nccl")
        result["ok"] = all(value["ok"] for value in result.values())
        return result

    def benchmark(self, python, threads):
        presets = ["bench-tiny"] if self.cpu else ["bench-small", "bench-base"]
        steps = "5" if self.cpu else "50"
        result = {}
        for preset in presets:
            rows = {}

            def ours(label, *extra):
                status, out, err, _ = run([self.train, "--bench", preset, "--device", self.device,
                                           "--steps", steps, "--threads", str(threads), *extra],
                                          timeout=600)
                rows[label] = json.loads(out.strip().splitlines()[-1]) if status == 0 else {
                    "error": err.strip()[-300:]}

            def reference(label, *extra):
                status, out, err, _ = run([python, os.path.join(ROOT, "tests", "reference", "reference_bench.py"),
                                           "--bench", preset, "--device", self.device, "--steps", steps,
                                           "--threads", str(threads), *extra], timeout=900)
                rows[label] = json.loads(out.strip().splitlines()[-1]) if status == 0 else {
                    "error": err.strip()[-300:]}

            ours("ours_fp32")
            if self.cpu:
                reference("python_eager_fp32")
            else:
                ours("ours_bf16", "--amp", "bf16")
                ours("ours_bf16_graphs", "--amp", "bf16", "--cuda-graphs")
                reference("python_eager_fp32")
                reference("python_eager_amp", "--amp")
                # torch.compile's first steps compile: a longer warm-up.
                reference("python_compile", "--amp", "--compile", "max-autotune-no-cudagraphs",
                          "--warmup-steps", "15")
                reference("python_compile_graphs", "--amp", "--compile", "reduce-overhead",
                          "--warmup-steps", "15")
            summary = {label: row.get("tokens_per_s") for label, row in rows.items()}
            eager = summary.get("python_eager_fp32")
            fastest = max([v for k, v in summary.items() if k.startswith("ours") and v] or [0])
            if eager:
                summary["ours_fastest_vs_eager_fp32"] = round(fastest / eager, 2)
            compiled = max([v for k, v in summary.items() if k.startswith("python_compile") and v] or [0])
            if compiled:
                summary["ours_fastest_vs_compile"] = round(fastest / compiled, 2)
            result[preset] = {"tokens_per_s": summary, "runs": rows}
        result["ok"] = all("ours_fp32" in r["runs"] and "error" not in r["runs"]["ours_fp32"]
                           for k, r in result.items() if k != "ok")
        return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cpu", action="store_true", help="the same steps on the CPU at small sizes")
    parser.add_argument("--build", default="", help="an existing build folder (skips building)")
    parser.add_argument("--out", default=os.environ.get("OUT", "/tmp/gpu-check"))
    parser.add_argument("--packages", default=os.path.join(ROOT, ".gpu"),
                        help="the folder gpu_pack.sh filled (debs/ with Debian's packages)")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    work = os.path.join(args.out, "work")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    begun = time.monotonic()

    import torch  # the torch whose LibTorch the build links
    device = "cpu" if args.cpu else "cuda"
    if not args.cpu and not torch.cuda.is_available():
        print("gpu_check: no CUDA device is visible to this torch; use --cpu", file=sys.stderr)
        return 2
    report = {
        "format": "attention-studio-gpu-check", "version": 1,
        "mode": "cpu" if args.cpu else "gpu",
        "machine": {"python_torch": torch.__version__, "cuda": torch.version.cuda,
                    "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else None,
                    "cpus": os.cpu_count(), "processor": platform.processor() or platform.machine()},
    }
    build = args.build or os.path.join(ROOT, "build-gpu")
    train = os.path.join(build, "app", "attention-train")
    if args.build and os.access(train, os.X_OK):
        report["build"] = {"ok": True, "reused": args.build}
    else:
        log(f"building {build}")
        report["build"] = configure_and_build(build, args.packages, os.cpu_count() or 2)
    if not report["build"]["ok"]:
        print(report["build"].get("log", ""), file=sys.stderr)
    else:
        report["attention_train"] = run([train, "--version"])[1].strip().splitlines()
        check = Check(train, device, args.cpu, work)
        threads = 2 if args.cpu else 16
        for name, step in (("refusals", check.refusals),
                           ("precision", None),
                           ("paper_base", check.paper_base),
                           ("benchmark", lambda: check.benchmark(sys.executable, threads))):
            log(name)
            if name == "precision":
                report["precision"], trained = check.precision()
                log("logits")
                report["logits"] = check.logits(trained)
            else:
                report[name] = step()
    report["seconds"] = round(time.monotonic() - begun, 1)
    checks = [k for k, v in report.items() if isinstance(v, dict) and "ok" in v]
    failed = [k for k in checks if not report[k]["ok"]]
    report["ok"] = not failed
    path = os.path.join(args.out, "gpu_check.json")
    with open(path + ".tmp", "w") as output:
        json.dump(report, output, indent=1)
    os.replace(path + ".tmp", path)
    log(f"{path}: " + ("every check passed" if not failed else "failed: " + ", ".join(failed)) +
        f" ({report['seconds']} s)")
    return 0 if not failed else 1


if __name__ == "__main__":
    sys.exit(main())
