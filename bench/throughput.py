"""The emulator's own throughput: requests per second from K client processes at once.

A bounded loop, not a timed one: at each concurrency K, K worker processes (each with its own
boto3 client, built before the start line) make TOTAL // K calls each against the emulator
server on loopback, all starting together. Throughput is all calls over the time from the
first start to the last finish. Beside it, the CPU the emulator process used in that time (in
cores: it is one Python process, so its GIL bounds it near 1) and the CPU the clients used
(boto3 signs and parses every request too), which on a small machine is what the emulator
competes with.

The requests: Proton's GetEnvironmentAccountConnection (what refresh and accept make), and
S3 PutObject of 64 KiB and 512 KiB bodies (what Pulumi's S3 backend makes at every checkpoint
write, for a stack of about 20 and about 150 connections).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import resource
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import boto3

from bench.stacks import REGION, Emulator

LEVELS = (1, 2, 4, 8, 16)
# Request -> calls in all at each level. The S3 bodies: a checkpoint of about 20 connections,
# and one of about 150 (bench/organization.md: 3.7 KB per resource).
REQUESTS = {
    "proton GetEnvironmentAccountConnection": 480,
    "s3 PutObject, 64 KiB": 240,
    "s3 PutObject, 512 KiB": 120,
}
BUCKET = "throughput"
BODIES = {
    request: os.urandom(int(request.split()[-2]) * 1024) for request in REQUESTS if "KiB" in request
}
SCALES = 1.15  # a level "still scales" when it serves at least this much more than the last

_clients: dict[str, Any] = {}
_connection_id = ""


@dataclass
class Level:
    """One concurrency level of one request: `workers` processes made `calls` in all within
    `wall_s`, and the CPU seconds each side used."""

    workers: int
    calls: int
    wall_s: float
    emulator_cpu_s: float
    clients_cpu_s: float

    @property
    def rps(self) -> float:
        """Requests per second, all client processes together."""
        return self.calls / self.wall_s

    @property
    def emulator_cores(self) -> float:
        """Cores the emulator process kept busy on average (its GIL bounds it near 1)."""
        return self.emulator_cpu_s / self.wall_s

    @property
    def clients_cores(self) -> float:
        """Cores the client processes kept busy on average (signing and parsing requests)."""
        return self.clients_cpu_s / self.wall_s


def _init(url: str, connection_id: str) -> None:
    global _connection_id
    _connection_id = connection_id
    for service in ("proton", "s3"):
        _clients[service] = boto3.client(
            service,
            endpoint_url=url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
    for request in REQUESTS:  # warm: the first call of each loads its service's model
        _call(request, 0)


def _call(request: str, i: int) -> None:
    if request.startswith("proton"):
        _clients["proton"].get_environment_account_connection(id=_connection_id)
    else:
        body = BODIES[request]
        _clients["s3"].put_object(Bucket=BUCKET, Key=f"w{os.getpid()}-{i % 8}", Body=body)


def _work(request: str, calls: int, barrier: Any) -> tuple[float, float, float]:
    barrier.wait()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()  # CLOCK_MONOTONIC: one clock for every process of the machine
    for i in range(calls):
        _call(request, i)
    end = time.monotonic()
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime
    return start, end, cpu


def _process_cpu(pid: int) -> float:
    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")


def measure(emulator: Emulator) -> dict[str, list[Level]]:
    """Requests per second at each concurrency, for each request."""
    emulator.control.reset()
    setup = {
        service: boto3.client(
            service,
            endpoint_url=emulator.url,
            region_name=REGION,
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        for service in ("proton", "s3")
    }
    setup["s3"].create_bucket(Bucket=BUCKET)
    made = setup["proton"].create_environment_account_connection(
        environmentName="throughput",
        managementAccountId="111111111111",
        roleArn="arn:aws:iam::123456789012:role/ProtonEnvironment",
    )
    connection_id = made["environmentAccountConnection"]["id"]
    context = multiprocessing.get_context("spawn")
    results: dict[str, list[Level]] = {}
    with (
        context.Manager() as manager,
        context.Pool(max(LEVELS), _init, (emulator.url, connection_id)) as pool,
    ):
        for request, total in REQUESTS.items():
            results[request] = []
            for workers in LEVELS:
                barrier = manager.Barrier(workers)
                each = total // workers
                emulator_cpu = _process_cpu(emulator.process.pid)
                spans = pool.starmap(_work, [(request, each, barrier)] * workers)
                emulator_cpu = _process_cpu(emulator.process.pid) - emulator_cpu
                wall = max(end for _, end, _ in spans) - min(start for start, _, _ in spans)
                clients_cpu = sum(cpu for *_, cpu in spans)
                level = Level(workers, each * workers, wall, emulator_cpu, clients_cpu)
                results[request].append(level)
                print(
                    f"  {request}, {workers} client process(es): {level.rps:.0f} requests/s, "
                    f"emulator {level.emulator_cores:.2f} cores, clients "
                    f"{level.clients_cores:.2f} cores",
                    flush=True,
                )
    emulator.control.reset()
    return results


def scales_to(levels: list[Level]) -> Level:
    """The last level before the first one that serves less than SCALES times what its
    predecessor served: where more concurrent clients stop adding throughput."""
    for before, level in itertools.pairwise(levels):
        if level.rps < SCALES * before.rps:
            return before
    return levels[-1]
