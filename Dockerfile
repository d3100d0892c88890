# One image for the web, the worker and beat.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
RUN DEBUG=true python manage.py collectstatic --noinput
RUN useradd --system --uid 1000 tracker && chown -R tracker /app
USER tracker
EXPOSE 8000
CMD ["gunicorn", "tracker.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
