"""The command installs the probe with the same request text as the front end (installCode in
src/kernel/install.ts, bundled and run by node in probe_support), from the same probe.py."""

from jupyterlab_optimiser.assets import asset, probe_source
from jupyterlab_optimiser.install import install_code

from conftest import REPO
from probe_support import install_code as front_end_install_code

# Everything but NUL, which the front end's text cannot carry here (it travels in an environment variable).
HOSTILE = "a \"quote\" \\ back\\slash 'single'\nnew\tline\r\u2028\u2029\x01\x02\x1f\x7f é 😀 </script> ${x} `t`\n"


def test_the_probe_source_is_the_one_file():
    assert asset("probe.py") == REPO / "src" / "kernel" / "probe.py"  # in a clone: the file itself
    assert probe_source().encode() == (REPO / "src" / "kernel" / "probe.py").read_bytes()


def test_install_code_equals_the_front_ends():
    assert install_code() == front_end_install_code()


def test_any_text_travels_exactly_as_the_front_end_writes_it():
    code = install_code(HOSTILE)
    assert code == front_end_install_code(HOSTILE)
    namespace = {}
    literal = code.split("exec(compile(", 1)[1].rsplit(', "jupyterlab_optimiser_probe.py"', 1)[0]
    exec(f"text = {literal}", namespace)
    assert namespace["text"] == HOSTILE


def test_the_install_request_installs_the_probe(kernel):
    out = kernel.execute(install_code(), silent=True, store_history=False, allow_stdin=False, stop_on_error=False)
    assert out.status == "ok", out.reply
    opens = [m for m in out.comm_msgs if m["msg_type"] == "comm_open"]
    assert opens and opens[-1]["content"]["target_name"] == "jupyterlab-optimiser"
    assert opens[-1]["content"]["data"]["type"] == "hello"
    assert (
        kernel.value("sorted(k for k in dir() if not k.startswith('_'))")
        == "['In', 'Out', 'exit', 'get_ipython', 'open', 'quit']"
    )
