"""The README's console examples, run as a reader would run them.

A ```console block holds commands after "$ " (a line ending in a backslash
goes on) and, below each, the output it prints. In the shown output "..."
stands for any text, on one line or across several. Commands run in order in
one bash, so variables carry from one to the next, with the README's address
replaced by the test server's.
"""

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"
ADDRESS = "http://127.0.0.1:5000"
_BLOCK = re.compile(r"^```console\n(.*?)^```$", re.M | re.S)


@dataclass
class Example:
    command: str
    expected: str
    line: int  # in README.md, for the failure message

    def matches(self, output: str) -> bool:
        """Whether ``output`` is what the README shows, "..." matching anything."""
        pattern = ".*?".join(re.escape(part) for part in self.expected.split("..."))
        return re.fullmatch(pattern, tidy(output), re.S) is not None


def tidy(text: str) -> str:
    """Drop carriage returns, trailing spaces and blank lines at the ends."""
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return "\n".join(lines).strip("\n")


def section(title: str, text: str | None = None) -> str:
    """Return the README's section under the heading ``title``, subsections in."""
    text = README.read_text(encoding="utf-8") if text is None else text
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def examples(text: str) -> list[Example]:
    """Return the commands of ``text``'s console blocks with their outputs."""
    found = []
    whole = README.read_text(encoding="utf-8")
    offset = whole.index(text) if text in whole else 0
    for block in _BLOCK.finditer(text):
        line = whole.count("\n", 0, offset + block.start(1)) + 1
        command: list[str] = []
        output: list[str] = []
        start = line
        for number, row in enumerate(block.group(1).split("\n")[:-1], line):
            if row.startswith("$ ") and not (command and command[-1].endswith("\\")):
                if command:
                    found.append(example(command, output, start))
                command, output, start = [row[2:]], [], number
            elif command and command[-1].endswith("\\") and not output:
                command.append(row)
            else:
                output.append(row)
        if command:
            found.append(example(command, output, start))
    return found


def example(command: list[str], output: list[str], line: int) -> Example:
    return Example("\n".join(command), tidy("\n".join(output)), line)


def run(found: list[Example], address: str, env: dict, cwd: Path) -> list[str]:
    """Run the examples in one bash; return each one's output."""
    marker = "::statusapp-readme-example::"
    script = ["set -o pipefail"]
    for item in found:
        script += [item.command.replace(ADDRESS, address), f"echo; echo {marker}$?"]
    done = subprocess.run(
        ["bash", "-c", "\n".join(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
    )
    parts = re.split(rf"\n{re.escape(marker)}(\d+)\n", done.stdout)
    outputs, statuses = parts[0:-1:2], parts[1::2]
    assert len(outputs) == len(found), done.stdout + done.stderr
    failed = [
        f"README line {item.line}: exit {status}: {item.command}"
        for item, status in zip(found, statuses, strict=True)
        if status != "0"
    ]
    assert not failed, "\n".join(failed) + "\n" + done.stderr
    return [out.replace(address, ADDRESS) for out in outputs]
