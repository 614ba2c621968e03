# Production-like image for docker-compose.yml: gunicorn, Celery worker and beat share it.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-core libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/* && useradd --system --create-home ksmm
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
RUN python -m ksmm.compile_messages \
    && SECRET_KEY=build ALLOWED_HOSTS=build KSMM_BASE_DOMAIN=build DATABASE_URL=postgres://build/build \
       REDIS_URL=redis://build:6379/0 python manage.py collectstatic --noinput
USER ksmm
EXPOSE 8000
# 120 s: a 20 MB attachment over a slow line must not be cut off by the default 30 s.
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", "--timeout", "120"]
