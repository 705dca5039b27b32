# checker serve in a container: the default offline engine, the HTTP service on port 8080.
FROM python:3.11-slim
RUN apt-get update && apt-get install -y --no-install-recommends \
        apertium apertium-fr-es apertium-eng-spa apertium-es-pt \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY checker ./checker
RUN pip install --no-cache-dir '.[serve]'
ENV CHECKER_CACHE_DIR=/cache
VOLUME /cache
EXPOSE 8080
# A token is required beyond the container's loopback: pass CHECKER_TOKEN at run time.
CMD ["checker", "serve", "--host", "0.0.0.0", "--port", "8080"]
