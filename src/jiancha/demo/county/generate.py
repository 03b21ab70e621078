"""``generate_county``: build the demo county and write its files, truth and manifest.

Owns: the order of the storylines (each creates its own persons; the general population fills
the county up to ``scale`` afterwards; the legal documents' cases come last, from the general
population, so they change no other file), shuffling each dataset so that planted rows sit among the
others, and handing the rows to the writer with one seeded formatter per dataset. Same seed,
scale and as-of date give byte-identical files.
"""

from __future__ import annotations

import gc
import random
from datetime import date
from pathlib import Path

from jiancha.demo.county import (
    bribery,
    civil,
    criminal,
    diversion,
    documents,
    employers,
    execution,
    fuel,
    health,
    police,
    population,
    sanctions,
    traffic,
)
from jiancha.demo.county.core import TEMPLATES, County
from jiancha.demo.county.forms import Formatter
from jiancha.demo.county.manifest import (
    CountyManifest,
    DatasetFacts,
    DocumentFacts,
    write_ground_truth,
)
from jiancha.demo.county.styles import STYLES
from jiancha.demo.county.writer import Job, write_all
from jiancha.demo.datasets import COUNTY

VERSION = "1.0"
MIN_SCALE = 1_000


def build(scale: int, seed: int, as_of: date) -> County:
    """The county in memory: every dataset's rows and the ground truth."""
    if scale < MIN_SCALE:
        raise ValueError(f"scale must be at least {MIN_SCALE} persons, not {scale}")
    county = County(as_of=as_of, seed=seed, scale=scale)
    criminal.background(county)
    execution.plant_custodial(county)
    execution.plant_uncorrected(county)
    execution.plant_reoffending(county)
    sanctions.plant_unpaid_fines(county)
    sanctions.plant_drunk_drivers(county)
    diversion.background(county)
    diversion.plant(county)
    bribery.background(county)
    bribery.plant(county)
    police.plant_repeat_offenders(county)
    police.plant_untransferred(county)
    civil.background(county)
    civil.plant_professional_lenders(county)
    civil.plant_card_funded(county)
    health.background(county)
    health.plant_claims_after_death(county)
    health.plant_concurrent_stays(county)
    employers.background(county)
    employers.plant(county)
    fuel.build(county)
    traffic.background(county)
    traffic.plant(county)
    persons, loners = population.fill(county)
    population.general_rows(county, persons, loners)
    population.registry(county)
    county.cases = documents.build(county, persons)
    return county


def generate_county(
    out: Path, *, scale: int = 20_000, seed: int = 7, as_of: date
) -> CountyManifest:
    """Write the county's 22 files, its three document sets (two JSON Lines files and the
    ``judgments`` folder), ``ground_truth.csv`` and ``manifest.json`` into ``out``."""
    collecting = gc.isenabled()
    gc.disable()  # millions of small tuples and no cycles: the collector only costs time
    try:
        return _generate(out, scale, seed, as_of)
    finally:
        if collecting:
            gc.enable()


def _generate(out: Path, scale: int, seed: int, as_of: date) -> CountyManifest:
    county = build(scale, seed, as_of)
    out.mkdir(parents=True, exist_ok=True)
    jobs: list[Job] = []
    for dataset in COUNTY:
        rows = county.tables.rows[dataset.name]
        random.Random(f"{seed}:shuffle:{dataset.name}").shuffle(rows)
        rng = random.Random(f"{seed}:{scale}:forms:{dataset.name}")
        jobs.append((dataset, rows, Formatter(dataset, STYLES[dataset.name], rng)))
    written = write_all(out, jobs, as_of)
    counts = documents.write(out, county, county.cases)
    facts = tuple(
        DatasetFacts(d.name, d.file, d.format, written[d.name][0], dict(written[d.name][1]))
        for d in COUNTY
    )
    manifest = CountyManifest(
        seed=seed,
        scale=scale,
        as_of=as_of,
        version=VERSION,
        datasets=facts,
        planted=county.truth.planted(),
        near_misses={t: county.truth.near_misses[t] for t in TEMPLATES},
        documents=tuple(DocumentFacts(s.name, s.path, counts[s.name]) for s in documents.SETS),
    )
    write_ground_truth(out, county.truth.rows, TEMPLATES)
    manifest.write(out)
    return manifest
