"""Starts ranks the way torchrun's agent does: the agent keeps the TCPStore at
MASTER_ADDR:MASTER_PORT and tells the ranks with TORCHELASTIC_USE_AGENT_STORE.

    python3 agent_store.py PORT NPROC PROGRAM [ARGUMENTS...]

Exits with the first non-zero exit status of the ranks (0 when all succeed).
"""
import datetime
import os
import subprocess
import sys

import torch.distributed as dist

port, nproc, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
store = dist.TCPStore("127.0.0.1", port, nproc + 1, True, datetime.timedelta(seconds=60),
                      wait_for_workers=False)
ranks = []
for rank in range(nproc):
    environment = dict(os.environ, RANK=str(rank), WORLD_SIZE=str(nproc), LOCAL_RANK=str(rank),
                       LOCAL_WORLD_SIZE=str(nproc), MASTER_ADDR="127.0.0.1",
                       MASTER_PORT=str(port), TORCHELASTIC_USE_AGENT_STORE="True")
    ranks.append(subprocess.Popen(command, env=environment))
codes = [rank.wait() for rank in ranks]
sys.exit(next((code for code in codes if code != 0), 0))
