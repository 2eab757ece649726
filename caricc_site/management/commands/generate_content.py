"""Volume data for load tests: linked organizations, officials, memberships and articles."""

import datetime
import random

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core import cache, planner
from news.models import Article, Status
from organizations.models import Classification, Membership, Official, Organization, Position

PLACES = [
    "Almaty", "Astana", "Bishkek", "Dushanbe", "Tashkent", "Ashgabat", "Baku", "Moscow",
    "Vienna", "Kabul", "Tehran", "Islamabad", "Osh", "Termez", "Khorog", "Samarkand",
]  # fmt: skip
FIRST_NAMES = [
    "Aida", "Bakyt", "Dana", "Erlan", "Farida", "Gulnara", "Ilyas", "Kamila", "Marat", "Nurlan",
    "Olga", "Rustam", "Saule", "Timur", "Zarina", "Anna", "Daniyar", "Elena", "Azamat", "Madina",
]  # fmt: skip
LAST_NAMES = [
    "Abenov", "Bekova", "Karimov", "Nazarova", "Omarov", "Sadykova", "Tursunov", "Usmanova",
    "Yusupov", "Zhunusova", "Alimov", "Ismailova", "Rakhimov", "Saidova", "Kurbanov",
]  # fmt: skip
TOPICS = [
    "heroin seizure", "precursor control", "joint operation", "border cooperation",
    "synthetic drugs", "training course", "information exchange", "controlled delivery",
    "regional meeting", "donor conference", "cannabis eradication", "money laundering",
]  # fmt: skip
KINDS = [
    (Classification.MINISTRY, "Ministry of Internal Affairs"),
    (Classification.AGENCY, "Drug Control Agency"),
    (Classification.AGENCY, "Border Service"),
    (Classification.AGENCY, "Customs Committee"),
    (Classification.MINISTRY, "Ministry of Health"),
]
BATCH = 2000


class Command(BaseCommand):
    help = "Create realistic, linked volume content for load testing (not for production)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=1000)
        parser.add_argument("--states", type=int, default=60)
        parser.add_argument("--officials", type=int, default=600)
        parser.add_argument(
            "--seed", type=int, default=2009, help="Random seed, for repeatable data."
        )

    def handle(self, *args, articles, states, officials, seed, **options):
        rng = random.Random(seed)
        run = timezone.now().strftime("%Y%m%d%H%M%S")
        with transaction.atomic():
            organizations = self.organizations(rng, run, states)
            people = self.officials(rng, run, officials, organizations)
            created = self.articles(rng, run, articles, organizations, people)
        # Bulk inserts skip the signals that index each article.
        Article.objects.rebuild_search_index()
        planner.refresh_statistics()
        cache.invalidate()
        self.stdout.write(
            f"Created {len(organizations)} organizations, {len(people)} officials and "
            f"{created} articles."
        )

    def organizations(self, rng, run, states):
        bodies = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"Regional Drug Control Body {n}",
                    slug=f"gen-{run}-body-{n}",
                    abbreviation=f"RDCB{n}",
                    classification=Classification.INTERGOVERNMENTAL,
                    founding_date=str(rng.randint(1990, 2020)),
                    headquarters=rng.choice(PLACES),
                )
                for n in range(1, 6)
            ]
        )
        countries = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"State {n}",
                    slug=f"gen-{run}-state-{n}",
                    classification=Classification.STATE,
                )
                for n in range(1, states + 1)
            ]
        )
        agencies = Organization.objects.bulk_create(
            [
                Organization(
                    name=f"{name} of State {n}",
                    slug=f"gen-{run}-state-{n}-{k}",
                    classification=kind,
                    parent=country,
                )
                for n, country in enumerate(countries, start=1)
                for k, (kind, name) in enumerate(KINDS)
            ]
        )
        memberships = []
        for body in bodies:
            for country in rng.sample(countries, min(len(countries), 20)):
                role = "member" if rng.random() < 0.4 else "observer"
                start = str(rng.randint(2000, 2022))
                memberships.append(
                    Membership(organization=body, member=country, role=role, start_date=start)
                )
        Membership.objects.bulk_create(memberships)
        return bodies + countries + agencies

    def officials(self, rng, run, count, organizations):
        people = Official.objects.bulk_create(
            [
                Official(
                    name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                    slug=f"gen-{run}-official-{n}",
                )
                for n in range(1, count + 1)
            ]
        )
        titles = ["Director", "Deputy Director", "Minister", "Head of Department", "Envoy"]
        Position.objects.bulk_create(
            [
                Position(
                    official=person,
                    organization=rng.choice(organizations),
                    title=rng.choice(titles),
                    start_date=f"{rng.randint(2005, 2023)}-{rng.randint(1, 12):02d}",
                )
                for person in people
            ]
        )
        return people

    def articles(self, rng, run, count, organizations, people):
        now = timezone.now()
        article_orgs = Article.organizations.through
        article_officials = Article.officials.through
        created = 0
        for start in range(0, count, BATCH):
            batch = []
            links = []
            for n in range(start, min(count, start + BATCH)):
                topic = rng.choice(TOPICS)
                place = rng.choice(PLACES)
                mentioned = rng.sample(organizations, 3)
                who = rng.sample(people, 2)
                roll = rng.random()
                status = Status.DRAFT if roll < 0.03 else Status.PUBLISHED
                when = now - datetime.timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
                if 0.03 <= roll < 0.05:
                    when = now + datetime.timedelta(days=rng.randint(1, 30))
                paragraphs = [
                    f"{place} hosted a {topic} involving {mentioned[0].name} and "
                    f"{mentioned[1].name}, {who[0].name} said.",
                    f"The {topic} followed earlier work with {mentioned[2].name}. "
                    f"{who[1].name} called for closer cooperation.",
                    "Officials said information would be shared through the regional "
                    "centre and that further meetings were planned.",
                ]
                batch.append(
                    Article(
                        title=f"{topic.capitalize()} in {place} ({n})",
                        slug=f"gen-{run}-{n}",
                        dateline=place,
                        status=status,
                        published_at=when,
                        summary=paragraphs[0],
                        body="\n\n".join(paragraphs),
                    )
                )
                links.append((mentioned, who))
            saved = Article.objects.bulk_create(batch)
            article_orgs.objects.bulk_create(
                [
                    article_orgs(article_id=a.pk, organization_id=o.pk)
                    for a, (orgs, _) in zip(saved, links, strict=True)
                    for o in orgs
                ]
            )
            article_officials.objects.bulk_create(
                [
                    article_officials(article_id=a.pk, official_id=p.pk)
                    for a, (_, who) in zip(saved, links, strict=True)
                    for p in who
                ]
            )
            created += len(saved)
        return created
