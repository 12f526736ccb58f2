"""Demo training, written through the services as the operator's staff and trainers would.

The caravan programme's three 45-day courses given by Algérie Télécom; in Oran one
finished cohort per specialty (attendance, marks, a resit, results and certificates) for
the holders of the Oran micro-enterprises and other young people of the registry; in
Algiers a radio-network cohort running, attendance taken so far (one trainee absent
long enough to raise an alert); in Constantine a civil-works cohort open for enrolment
with a waiting list; in Al Hoceima the agency's pre-creation workshop for the members of
the beekeeping cooperative, under way."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from rowad.core.models import Province
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier
from rowad.people.models import Person

from .enums import AbsenceReason, AttendanceStatus, CohortState, EnrolmentSource, ModuleKind, TrainingResult
from .models import Cohort, Course
from .services import assessments, attendance, catalogue, certificates, cohorts, enrolment

SUNDAY_TO_THURSDAY = [7, 1, 2, 3, 4]  # the Algerian working week
MONDAY_TO_FRIDAY = [1, 2, 3, 4, 5]  # the Moroccan one
HOURS = {
    "morning_starts_at": datetime.time(8, 30),
    "morning_ends_at": datetime.time(12, 0),
    "afternoon_starts_at": datetime.time(13, 30),
    "afternoon_ends_at": datetime.time(16, 30),
}

# code: (specialty, name_ar, name_fr, name_en, modules [(title_ar, title_fr, hours, kind, checklist)])
CARAVAN_COURSES = {
    "fo-45": (
        "fiber-optics",
        "تكوين 45 يومًا في الألياف البصرية",
        "Formation de 45 jours — fibre optique",
        "45-day course — fiber optics",
        [
            ("أساسيات الشبكات والألياف", "Bases des réseaux et de la fibre", 60, ModuleKind.THEORY, []),
            (
                "اللحام والربط",
                "Soudure et raccordement",
                90,
                ModuleKind.PRACTICAL,
                ["لحام نظيف", "قياس OTDR"],
            ),
            ("تركيب FTTH وصيانته", "Déploiement et maintenance FTTH", 90, ModuleKind.PRACTICAL, []),
            ("السلامة في الورشة", "Sécurité sur chantier", 30, ModuleKind.THEORY, []),
        ],
    ),
    "rh-45": (
        "radio-network",
        "تكوين 45 يومًا في تركيب الشبكات الهرتزية",
        "Formation de 45 jours — réseaux hertziens",
        "45-day course — radio networks",
        [
            ("مبادئ الإرسال الهرتزي", "Principes de la transmission hertzienne", 70, ModuleKind.THEORY, []),
            ("تركيب الهوائيات والأبراج", "Pose d'antennes et de pylônes", 120, ModuleKind.PRACTICAL, []),
            ("العمل في الأعالي والسلامة", "Travail en hauteur et sécurité", 80, ModuleKind.PRACTICAL, []),
        ],
    ),
    "gc-45": (
        "civil-works",
        "تكوين 45 يومًا في أشغال القنوات والحفر",
        "Formation de 45 jours — génie civil télécom",
        "45-day course — telecom civil works",
        [
            ("قراءة المخططات", "Lecture de plans", 50, ModuleKind.THEORY, []),
            ("حفر الخنادق ومد القنوات", "Tranchées et pose de fourreaux", 140, ModuleKind.PRACTICAL, []),
            (
                "غرف التفتيش وإعادة التهيئة",
                "Chambres de tirage et remise en état",
                80,
                ModuleKind.PRACTICAL,
                [],
            ),
        ],
    ),
}
WORDING_AR = "تشهد الجهة المكوِّنة بأن المعني(ة) تابع(ت) التكوين المذكور أدناه بنجاح."
WORDING_FR = (
    "L'organisme de formation certifie que la personne nommée ci-dessous a suivi avec succès la formation."
)


def _key(*parts: object) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, "rowad-demo-training:" + ":".join(map(str, parts)))


def _province(country: str, code: str | None = None, name: str | None = None) -> Province:
    if code:
        return Province.objects.get(country_id=country, code=code)
    return Province.objects.get(country_id=country, name_fr__icontains=name)


def _course(code: str, programme, provider, specialty, names, modules, *, actor, **extra) -> Course:
    name_ar, name_fr, name_en = names
    hours = sum(m[2] for m in modules)
    course = catalogue.create_course(
        data={
            "code": code,
            "name_ar": name_ar,
            "name_fr": name_fr,
            "name_en": name_en,
            "programme": programme,
            "specialty": specialty,
            "provider": provider,
            "duration_days": extra.pop("duration_days", 45),
            "duration_hours": hours,
            "certificate_text_ar": WORDING_AR,
            "certificate_text_fr": WORDING_FR,
            **extra,
        },
        actor=actor,
    )
    for title_ar, title_fr, module_hours, kind, checklist in modules:
        catalogue.add_module(
            course,
            data={
                "title_ar": title_ar,
                "title_fr": title_fr,
                "hours": module_hours,
                "kind": kind,
                "is_assessed": True,
                "checklist": [{"ar": item, "fr": item} for item in checklist],
            },
            actor=actor,
        )
    return course


def _cohort(course, province, venue, starts_on, weeks, weekdays, capacity, trainers, *, actor) -> Cohort:
    ends_on = starts_on + datetime.timedelta(weeks=weeks) - datetime.timedelta(days=3)
    return cohorts.create_cohort(
        course,
        data={
            "province": province,
            "venue": venue,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "weekdays": weekdays,
            "capacity": capacity,
            **HOURS,
        },
        trainers=trainers,
        actor=actor,
    )


def _registry_people(country: str, province, count: int, used: set[int]) -> list[Person]:
    found = list(
        Person.objects.filter(
            country=country, province=province, merged_into__isnull=True, erased_at__isnull=True
        )
        .exclude(pk__in=used)
        .exclude(enrolments__isnull=False)
        .order_by("id")[:count]
    )
    used.update(p.pk for p in found)
    return found


def _enrol_people(cohort, people, *, actor) -> None:
    for person in people:
        enrolment.enrol(
            cohort,
            person,
            source=EnrolmentSource.REGISTRY,
            actor=actor,
            client_uuid=_key(cohort.pk, person.pk),
        )


def _roll_calls(cohort, trainer, *, until: datetime.date, absent: dict[int, set[datetime.date]]) -> None:
    """One roll call per held half-day up to `until`, sent by the trainer's phone."""
    from .attendance import held_half_days

    trainees = list(cohort.enrolments.filter(status="enrolled").order_by("id"))
    tz = timezone.get_current_timezone()
    for day, half_day in held_half_days(cohort, until=until):
        taken_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(12 if half_day == "am" else 16)), tz
        )
        marks = []
        for index, trainee in enumerate(trainees):
            is_absent = day in absent.get(trainee.pk, set())
            late = not is_absent and (day.toordinal() + index) % 17 == 0 and half_day == "am"
            marks.append(
                {
                    "client_uuid": _key("mark", trainee.pk, day, half_day),
                    "enrolment": trainee.pk,
                    "day": day,
                    "half_day": half_day,
                    "status": AttendanceStatus.ABSENT
                    if is_absent
                    else (AttendanceStatus.LATE if late else AttendanceStatus.PRESENT),
                    "reason": AbsenceReason.TRANSPORT if is_absent else "",
                    "arrived_at": datetime.time(8, 55) if late else None,
                    "taken_at": taken_at,
                }
            )
        attendance.record_marks(cohort, marks, actor=trainer)


def _mark_all(cohort, trainer, *, low: dict[int, Decimal]) -> None:
    """Marks for every assessed module: good marks, except the `low` ones (first module)."""
    trainees = list(cohort.enrolments.filter(status="enrolled").order_by("id"))
    for position, module in enumerate(cohort.course.modules.filter(is_assessed=True).order_by("position")):
        marks = {}
        for index, trainee in enumerate(trainees):
            mark = Decimal(11 + (index * 3 + position * 2) % 8) + Decimal("0.5")
            if position == 0 and trainee.pk in low:
                mark = low[trainee.pk]
            marks[trainee.pk] = {"mark": mark, "checklist": list(range(len(module.checklist)))}
        assessments.record_assessments(cohort, module, marks, actor=trainer, assessed_on=cohort.ends_on)


def _finished_cohort(
    course, province, starts_on, trainer, people, dossiers, *, officer, with_resit: bool
) -> Cohort:
    cohort = _cohort(
        course,
        province,
        "Centre de formation d'Algérie Télécom, Es Senia",
        starts_on,
        9,
        SUNDAY_TO_THURSDAY,
        8,
        [trainer],
        actor=officer,
    )
    for dossier in dossiers:
        enrolment.enrol_dossier_holders(cohort, dossier, actor=officer)
    _enrol_people(cohort, people, actor=officer)
    cohorts.set_cohort_state(cohort, CohortState.RUNNING, actor=officer, note="Démarrage de la session")
    trainees = list(cohort.enrolments.filter(status="enrolled").order_by("id"))
    # The last trainee missed three weeks (attendance below the rule); another needs a resit.
    dropout = trainees[-1]
    held_days = sorted({d for d, _ in _held(cohort)})
    absent = {dropout.pk: set(held_days[10:25])}
    _roll_calls(cohort, trainer, until=cohort.ends_on, absent=absent)
    resit_for = trainees[-2] if with_resit and len(trainees) > 2 else None
    low = {resit_for.pk: Decimal("8.5")} if resit_for else {}
    _mark_all(cohort, trainer, low=low)
    cohorts.set_cohort_state(cohort, CohortState.COMPLETED, actor=officer, note="Session terminée")
    assessments.compute_results(cohort, actor=officer)
    if resit_for is not None:
        first_module = course.modules.filter(is_assessed=True).order_by("position").first()
        assessments.record_resit(
            resit_for, first_module, mark=Decimal("12"), actor=trainer, assessed_on=cohort.ends_on
        )
        assessments.compute_results(cohort, actor=officer)
    for trainee in cohort.enrolments.filter(result=TrainingResult.PASSED).order_by("id"):
        certificates.issue_certificate(trainee, actor=officer)
    return cohort


def _held(cohort):
    from .attendance import held_half_days

    return held_half_days(cohort, until=cohort.ends_on)


def _oran_company_dossier(specialty_code: str, used_dossiers: set[int]) -> Dossier | None:
    dossier = (
        Dossier.objects.filter(
            specialty__code=specialty_code, province__code="31", state=DossierState.COMPANY_CREATED
        )
        .exclude(pk__in=used_dossiers)
        .order_by("id")
        .first()
    )
    if dossier is not None:
        used_dossiers.add(dossier.pk)
    return dossier


def load(context: dict) -> None:
    if Course.objects.filter(code="fo-45").exists():
        return
    orgs, users, specialties = context["orgs"], context["users"], context["specialties"]
    programmes = context["programmes"]
    sponsor, officer, admin = users["sponsor"], users["officer"], users["admin"]
    oran, algiers, constantine = _province("DZ", "31"), _province("DZ", "16"), _province("DZ", "25")
    used: set[int] = set()
    used_dossiers: set[int] = set()

    # The catalogue: the operator's three courses (its sponsor officer manages them), the
    # agency's pre-creation workshop in Al Hoceima.
    courses = {
        code: _course(
            code,
            programmes["ict"],
            orgs["telecom"],
            specialties[specialty],
            names,
            modules,
            actor=sponsor,
            description="Formation dispensée par le personnel qualifié d'Algérie Télécom, dans les wilayas.",
        )
        for code, (specialty, *names, modules) in CARAVAN_COURSES.items()
    }

    # Oran: one finished cohort per specialty, for the holders of the Oran micro-enterprises,
    # in the autumn of 2024: the Oran directorate has contracted them since (the market
    # demo's orders of the last two years need the passed course before them).
    start = datetime.date(2024, 9, 1)
    oran_trainers = {
        "fo-45": users["trainer"],
        "rh-45": users["trainer.radio"],
        "gc-45": users["trainer.civil"],
    }
    for code, course in courses.items():
        specialty = CARAVAN_COURSES[code][0]
        dossiers = [d for d in (_oran_company_dossier(specialty, used_dossiers) for _ in range(2)) if d]
        for holder_dossier in dossiers:
            used.update(holder_dossier.holders.values_list("pk", flat=True))
        people = _registry_people("DZ", oran, 5 - len(dossiers), used)
        _finished_cohort(
            course,
            oran,
            start,
            oran_trainers[code],
            people,
            dossiers,
            officer=officer,
            with_resit=code == "fo-45",
        )

    # Algiers: the radio-network cohort under way since mid-November, roll calls so far.
    running = _cohort(
        courses["rh-45"],
        algiers,
        "Direction opérationnelle d'Alger, salle de formation",
        datetime.date(2026, 11, 15),
        9,
        SUNDAY_TO_THURSDAY,
        10,
        [users["trainer.radio"]],
        actor=admin,
    )
    _enrol_people(running, _registry_people("DZ", algiers, 6, used), actor=admin)
    cohorts.set_cohort_state(running, CohortState.RUNNING, actor=admin, note="Démarrage de la session")
    trainees = list(running.enrolments.order_by("id"))
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    recent = sorted({d for d, _ in _held(running) if d <= yesterday})[-3:]
    _roll_calls(
        running,
        users["trainer.radio"],
        until=yesterday,
        absent={trainees[0].pk: set(recent)} if trainees else {},
    )

    # Constantine: civil works open for enrolment, more candidates than seats.
    open_cohort = _cohort(
        courses["gc-45"],
        constantine,
        "Centre d'Algérie Télécom, Ali Mendjeli",
        datetime.date(2027, 1, 10),
        9,
        SUNDAY_TO_THURSDAY,
        3,
        [users["trainer.civil"]],
        actor=admin,
    )
    _enrol_people(open_cohort, _registry_people("DZ", constantine, 5, used), actor=admin)

    _hoceima_workshop(context, used)


def _hoceima_workshop(context: dict, used: set[int]) -> None:
    """The agency's pre-creation workshop for the beekeeping cooperative's members."""
    orgs, users = context["orgs"], context["users"]
    officer = users.get("officer.hoceima")
    trainer = users.get("trainer.hoceima")
    cooperative = (
        Dossier.objects.filter(programme=context["programmes"]["hoceima"], legal_form="cooperative")
        .order_by("id")
        .first()
    )
    if officer is None or trainer is None or cooperative is None:
        return
    course = _course(
        "pc-hoc",
        context["programmes"]["hoceima"],
        orgs["anapec_hoceima"],
        None,
        (
            "ورشة ما قبل إنشاء التعاونية",
            "Atelier de pré-création de coopérative",
            "Cooperative pre-creation workshop",
        ),
        [
            (
                "مسطرة تأسيس التعاونية",
                "La procédure de création d'une coopérative (ODCo)",
                8,
                ModuleKind.THEORY,
                [],
            ),
            ("التسيير والمحاسبة المبسطة", "Gestion et comptabilité simplifiée", 12, ModuleKind.THEORY, []),
            ("إعداد مخطط الأعمال", "Construire son plan d'affaires", 10, ModuleKind.PRACTICAL, []),
        ],
        actor=officer,
        duration_days=5,
        min_attendance_rate=70,
    )
    hoceima = _province("MA", name="Al Hoce")
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    workshop = _cohort(
        course,
        hoceima,
        "ANAPEC Al Hoceima, salle de réunion",
        monday,
        1,
        MONDAY_TO_FRIDAY,
        12,
        [trainer],
        actor=officer,
    )
    enrolment.enrol_dossier_holders(workshop, cooperative, actor=officer)
    cohorts.set_cohort_state(workshop, CohortState.RUNNING, actor=officer, note="Ouverture de l'atelier")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    if yesterday >= workshop.starts_on:
        _roll_calls(workshop, trainer, until=yesterday, absent={})
