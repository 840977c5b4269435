#!/usr/bin/env python3
"""Refuses a function.zip built for the other runtime than the template deploys it on.

Usage: check-function-zip.py EXPECTED ZIP [OUT_DIR]
  EXPECTED  jvm or native: the template's BuildVariant
  ZIP       the artifact every function deploys (functions/kms-functions/target/function.zip)
  OUT_DIR   optional: where to write build-variant.txt once the check passes

The variant is read from the zip itself, so it can never be stale: Quarkus' native function.zip has
the executable `bootstrap` at its root (what provided.al2023 runs); the JVM one is the runner jar's
classes plus lib/*.jar, with no bootstrap (what java21 loads the handler from).
Exit status: 0 when they match, 1 on a mismatch or an unusable zip, 2 on wrong usage.
"""
import os
import sys
import zipfile

BUILD = {
    "jvm": "mvn -B package -DskipTests",
    "native": "mvn -B -Pnative package -DskipTests   (needs GraalVM/Mandrel native-image)",
}
RUNTIME = {"jvm": "java21", "native": "provided.al2023"}


def variant_of(path):
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
    if "bootstrap" in names:
        return "native"
    if any(n.startswith("lib/") and n.endswith(".jar") for n in names) or any(
        n.endswith(".class") for n in names
    ):
        return "jvm"
    return None


def main(argv):
    if len(argv) not in (3, 4) or argv[1] not in BUILD:
        sys.stderr.write(__doc__)
        return 2
    expected, path = argv[1], argv[2]
    if not os.path.isfile(path):
        print(
            f"{path} does not exist: build it first for BuildVariant={expected}:\n  {BUILD[expected]}",
            file=sys.stderr,
        )
        return 1
    try:
        actual = variant_of(path)
    except zipfile.BadZipFile:
        actual = None
    if actual is None:
        print(f"{path} is neither Quarkus' JVM nor its native Lambda package: rebuild it:\n"
              f"  {BUILD[expected]}", file=sys.stderr)
        return 1
    if actual != expected:
        print(
            f"BuildVariant mismatch: {path} is the {actual} build, but the template is built for "
            f"BuildVariant={expected}, whose functions run on {RUNTIME[expected]} and could not start "
            f"with it. Nothing was deployed. Either\n"
            f"  build and deploy with BuildVariant={actual} "
            f"(sam build/deploy --config-file infra/samconfig.toml --config-env {actual}), or\n"
            f"  rebuild the artifact for {expected}: {BUILD[expected]}",
            file=sys.stderr,
        )
        return 1
    print(f"{path}: the {actual} build, as BuildVariant={expected} deploys it on {RUNTIME[expected]}")
    if len(argv) == 4:
        os.makedirs(argv[3], exist_ok=True)
        with open(os.path.join(argv[3], "build-variant.txt"), "w", encoding="utf-8") as out:
            out.write(actual + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
