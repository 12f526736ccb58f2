"""Arabic and French for rowad/imports (python scripts/fill_po.py rowad/imports scripts/translations/imports.py)."""

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location("people_translations", Path(__file__).with_name("people.py"))
_people = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_people)

TRANSLATIONS = {k: v for k, v in _people.TRANSLATIONS.items()}
TRANSLATIONS.update(
    {
        "Expected a JSON object of field: column.": (
            "المنتظر كائن JSON من الشكل حقل: عمود.",
            "Un objet JSON champ : colonne est attendu.",
        ),
        "Imports": ("الاستيراد", "Importations"),
        "Uploaded": ("مرفوع", "Téléversé"),
        "Validating": ("جارٍ التحقق", "Vérification en cours"),
        "Checked": ("تم التحقق", "Vérifié"),
        "Waiting to start": ("في انتظار الانطلاق", "En attente de démarrage"),
        "Importing": ("جارٍ الاستيراد", "Importation en cours"),
        "Imported": ("تم الاستيراد", "Importé"),
        "Failed": ("فشل", "Échec"),
        "Cancelled": ("أُلغي", "Annulé"),
        "Undone": ("تم التراجع عنه", "Annulé après coup"),
        "All or nothing: any bad row and nothing is written": (
            "الكل أو لا شيء: إذا وُجد سطر خاطئ واحد لا يُكتب أي شيء",
            "Tout ou rien : une seule ligne erronée et rien n’est écrit",
        ),
        "Valid rows only: write the good rows, report the others": (
            "الأسطر الصحيحة فقط: تُكتب الأسطر السليمة ويُبلَّغ عن الأخرى",
            "Lignes valides seulement : écrire les bonnes lignes, signaler les autres",
        ),
        "CSV": ("CSV", "CSV"),
        "Excel (XLSX)": ("إكسل (XLSX)", "Excel (XLSX)"),
        "KoboToolbox / ODK export (CSV)": ("تصدير KoboToolbox / ODK ‏(CSV)", "Export KoboToolbox / ODK (CSV)"),
        "Rejected": ("مرفوض", "Rejetée"),
        "To review": ("للمراجعة", "À examiner"),
        "Detect automatically": ("اكتشاف تلقائي", "Détecter automatiquement"),
        "Arabic Windows (Windows-1256)": ("عربي ويندوز (Windows-1256)", "Arabe Windows (Windows-1256)"),
        "Western (Latin-1)": ("غربي (Latin-1)", "Occidental (Latin-1)"),
        "File": ("الملف", "Fichier"),
        "Source": ("المصدر", "Source"),
        "CSV, Excel (XLSX) or a KoboToolbox/ODK export; the first line holds the column names.": (
            "ملف CSV أو إكسل (XLSX) أو تصدير KoboToolbox/ODK؛ يحمل السطر الأول أسماء الأعمدة.",
            "CSV, Excel (XLSX) ou export KoboToolbox/ODK ; la première ligne contient les noms de colonnes.",
        ),
        "Where the rows come from (a form, a stop, a partner). The column mapping is remembered per source.": (
            "من أين تأتي الأسطر (استمارة، محطة، شريك). تُحفَظ مطابقة الأعمدة لكل مصدر.",
            "D’où viennent les lignes (un formulaire, une étape, un partenaire). La correspondance des colonnes est mémorisée par source.",
        ),
        "default province": ("الولاية / الإقليم الافتراضي", "wilaya / province par défaut"),
        "Used for rows without a province.": (
            "تُستعمل للأسطر التي لا تذكر الولاية أو الإقليم.",
            "Utilisée pour les lignes sans wilaya ni province.",
        ),
        "encoding": ("الترميز", "encodage"),
        "mode": ("الطريقة", "mode"),
        "This file is %(size)d MB; files up to %(limit)d MB can be imported. Split it and import each part.": (
            "حجم هذا الملف %(size)d ميغابايت؛ يمكن استيراد ملفات حتى %(limit)d ميغابايت. قسّمه واستورد كل جزء.",
            "Ce fichier fait %(size)d Mo ; les fichiers jusqu’à %(limit)d Mo peuvent être importés. Découpez-le et importez chaque partie.",
        ),
        "Map at least one column before importing.": (
            "طابِق عمودا واحدا على الأقل قبل الاستيراد.",
            "Associez au moins une colonne avant d’importer.",
        ),
        "Each column can feed only one field.": (
            "لا يغذّي كل عمود إلا حقلا واحدا.",
            "Chaque colonne ne peut alimenter qu’un seul champ.",
        ),
        "Row identifier in the source": ("معرّف السطر في المصدر", "Identifiant de la ligne dans la source"),
        "where first met": ("مكان أول لقاء", "lieu de première rencontre"),
        "This is not a valid phone number.": (
            "هذا ليس رقم هاتف صالحا.",
            "Ce numéro de téléphone n’est pas valide.",
        ),
        "source": ("المصدر", "source"),
        "column mapping": ("مطابقة الأعمدة", "correspondance des colonnes"),
        "import source": ("مصدر الاستيراد", "source d’importation"),
        "import sources": ("مصادر الاستيراد", "sources d’importation"),
        "file": ("الملف", "fichier"),
        "format": ("الصيغة", "format"),
        "status": ("الحالة", "statut"),
        "uploaded": ("تاريخ الرفع", "téléversé le"),
        "finished": ("انتهى", "terminé le"),
        "import": ("استيراد", "importation"),
        "imports": ("عمليات الاستيراد", "importations"),
        "line": ("السطر", "ligne"),
        "column": ("العمود", "colonne"),
        "reason": ("السبب", "motif"),
        "value": ("القيمة", "valeur"),
        "This file is a spreadsheet or an archive, not a CSV file.": (
            "هذا الملف جدول بيانات أو أرشيف، وليس ملف CSV.",
            "Ce fichier est un classeur ou une archive, pas un fichier CSV.",
        ),
        "This file is not a valid Excel (XLSX) workbook. Save it as .xlsx or CSV and try again.": (
            "هذا الملف ليس مصنف إكسل (XLSX) صالحا. احفظه بصيغة ‎.xlsx أو CSV وأعد المحاولة.",
            "Ce fichier n’est pas un classeur Excel (XLSX) valide. Enregistrez-le en .xlsx ou en CSV et réessayez.",
        ),
        "This file is not a text (CSV) file. Export the spreadsheet as CSV or XLSX.": (
            "هذا الملف ليس ملفا نصيا (CSV). صدّر الجدول بصيغة CSV أو XLSX.",
            "Ce fichier n’est pas un fichier texte (CSV). Exportez le tableau en CSV ou en XLSX.",
        ),
        "This file cannot be read as %(encoding)s. Choose another encoding.": (
            "لا يمكن قراءة هذا الملف بترميز %(encoding)s. اختر ترميزا آخر.",
            "Ce fichier ne peut pas être lu en %(encoding)s. Choisissez un autre encodage.",
        ),
        "This file is empty.": ("هذا الملف فارغ.", "Ce fichier est vide."),
        "The workbook has %(count)d sheets; the sheet “%(sheet)s” is read.": (
            "يحتوي المصنف على %(count)d أوراق؛ تُقرأ الورقة «%(sheet)s».",
            "Le classeur a %(count)d feuilles ; la feuille « %(sheet)s » est lue.",
        ),
        "The first line must hold the column names.": (
            "يجب أن يحمل السطر الأول أسماء الأعمدة.",
            "La première ligne doit contenir les noms de colonnes.",
        ),
        "This file has %(count)d columns; at most %(limit)d are read.": (
            "يحتوي هذا الملف على %(count)d عمودا؛ لا يُقرأ أكثر من %(limit)d.",
            "Ce fichier a %(count)d colonnes ; au plus %(limit)d sont lues.",
        ),
        "Problems": ("المشاكل", "Problèmes"),
        "Unknown column: %(column)s": ("عمود غير معروف: %(column)s", "Colonne inconnue : %(column)s"),
        "This import has already started.": (
            "لقد انطلق هذا الاستيراد من قبل.",
            "Cette importation a déjà commencé.",
        ),
        "The same file is being imported from this source right now. Wait until it finishes.": (
            "يجري الآن استيراد الملف نفسه من هذا المصدر. انتظر حتى ينتهي.",
            "Le même fichier est en cours d’importation depuis cette source. Attendez qu’elle se termine.",
        ),
        "This import is not running.": (
            "هذا الاستيراد ليس قيد التنفيذ.",
            "Cette importation n’est pas en cours.",
        ),
        "Give the province of this person.": (
            "اذكر ولاية هذا الشخص أو إقليمه.",
            "Indiquez la wilaya ou la province de cette personne.",
        ),
        "The same person or row appears earlier in this file (line %(line)d).": (
            "يظهر الشخص نفسه أو السطر نفسه قبل ذلك في هذا الملف (السطر %(line)d).",
            "La même personne ou la même ligne figure plus haut dans ce fichier (ligne %(line)d).",
        ),
        "A person with this national ID is already registered: nothing was changed, review it.": (
            "شخص برقم التعريف الوطني هذا مسجل من قبل: لم يُغيَّر أي شيء، راجِعه.",
            "Une personne avec cet identifiant national est déjà inscrite : rien n’a été modifié, examinez-la.",
        ),
        "Nothing was imported (all-or-nothing mode). Rows with problems: %(count)d.": (
            "لم يُستورد أي شيء (طريقة الكل أو لا شيء). عدد الأسطر التي فيها مشاكل: %(count)d.",
            "Rien n’a été importé (mode tout ou rien). Lignes avec des problèmes : %(count)d.",
        ),
        "Someone registered the same people while this import ran. Check the file again.": (
            "سجّل شخص آخر الأشخاص أنفسهم أثناء هذا الاستيراد. تحقق من الملف مرة أخرى.",
            "Quelqu’un a inscrit les mêmes personnes pendant cette importation. Vérifiez de nouveau le fichier.",
        ),
        "Only a finished import can be undone.": (
            "لا يمكن التراجع إلا عن استيراد منتهٍ.",
            "Seule une importation terminée peut être annulée.",
        ),
        "This import cannot be undone: %(count)d of its people are already used or changed.": (
            "لا يمكن التراجع عن هذا الاستيراد: %(count)d من أشخاصه مستعملون أو عُدِّلوا.",
            "Cette importation ne peut pas être annulée : %(count)d de ses personnes sont déjà utilisées ou modifiées.",
        ),
        "You can leave this page; the import continues.": (
            "يمكنك مغادرة هذه الصفحة؛ يستمر الاستيراد.",
            "Vous pouvez quitter cette page ; l’importation continue.",
        ),
        "Progress": ("التقدم", "Avancement"),
        "rows in the file": ("أسطر الملف", "lignes du fichier"),
        "rows read": ("الأسطر المقروءة", "lignes lues"),
        "rows checked": ("الأسطر المُتحقَّق منها", "lignes vérifiées"),
        "valid rows": ("الأسطر الصحيحة", "lignes valides"),
        "rows written": ("الأسطر المكتوبة", "lignes écrites"),
        "rejected rows": ("الأسطر المرفوضة", "lignes rejetées"),
        "already imported": ("مستوردة من قبل", "déjà importées"),
        "to review (national ID already registered)": (
            "للمراجعة (رقم التعريف الوطني مسجل من قبل)",
            "à examiner (identifiant national déjà inscrit)",
        ),
        "%(counter)s person was imported.": (
            [
                "لم يُستورد أي شخص.",
                "استُورد شخص واحد.",
                "استُورد شخصان.",
                "استُورد %(counter)s أشخاص.",
                "استُورد %(counter)s شخصا.",
                "استُورد %(counter)s شخص.",
            ],
            ["%(counter)s personne a été importée.", "%(counter)s personnes ont été importées."],
        ),
        "Nothing new was imported: every valid row was already imported from this source or is to review.": (
            "لم يُستورد أي جديد: كل الأسطر الصحيحة مستوردة من قبل من هذا المصدر أو للمراجعة.",
            "Rien de nouveau n’a été importé : chaque ligne valide était déjà importée depuis cette source ou est à examiner.",
        ),
        "%(counter)s row is ready to import.": (
            [
                "لا يوجد أي سطر جاهز للاستيراد.",
                "سطر واحد جاهز للاستيراد.",
                "سطران جاهزان للاستيراد.",
                "%(counter)s أسطر جاهزة للاستيراد.",
                "%(counter)s سطرا جاهزا للاستيراد.",
                "%(counter)s سطر جاهز للاستيراد.",
            ],
            ["%(counter)s ligne est prête à importer.", "%(counter)s lignes sont prêtes à importer."],
        ),
        "The import was cancelled.": ("أُلغي الاستيراد.", "L’importation a été annulée."),
        "%(counter)s row had already been written.": (
            [
                "لم يُكتب أي سطر.",
                "كان سطر واحد قد كُتب.",
                "كان سطران قد كُتبا.",
                "كانت %(counter)s أسطر قد كُتبت.",
                "كان %(counter)s سطرا قد كُتب.",
                "كان %(counter)s سطر قد كُتب.",
            ],
            ["%(counter)s ligne avait déjà été écrite.", "%(counter)s lignes avaient déjà été écrites."],
        ),
        "Cancel the import": ("إلغاء الاستيراد", "Annuler l’importation"),
        "Import": ("استيراد", "Importation"),
        "Download the error report (XLSX)": (
            "تنزيل تقرير الأخطاء (XLSX)",
            "Télécharger le rapport d’erreurs (XLSX)",
        ),
        "Import now": ("استورد الآن", "Importer maintenant"),
        "Undo this import": ("التراجع عن هذا الاستيراد", "Annuler cette importation"),
        "Progress and summary": ("التقدم والحصيلة", "Avancement et bilan"),
        "First problems": ("أولى المشاكل", "Premiers problèmes"),
        "Columns": ("الأعمدة", "Colonnes"),
        "Each person field is matched to a column of the file. Check the suggestions; the mapping is saved for this source.": (
            "يُطابَق كل حقل من حقول الشخص مع عمود من الملف. تحقق من الاقتراحات؛ تُحفَظ المطابقة لهذا المصدر.",
            "Chaque champ de la personne est associé à une colonne du fichier. Vérifiez les suggestions ; la correspondance est enregistrée pour cette source.",
        ),
        "Check every row (preview)": ("التحقق من كل الأسطر (معاينة)", "Vérifier chaque ligne (aperçu)"),
        "Check and import": ("التحقق ثم الاستيراد", "Vérifier et importer"),
        "Back to imports": ("العودة إلى عمليات الاستيراد", "Retour aux importations"),
        "Import a file": ("استيراد ملف", "Importer un fichier"),
        "written": ("مكتوبة", "écrites"),
        "rejected": ("مرفوضة", "rejetées"),
        "No import yet.": ("لا يوجد أي استيراد بعد.", "Aucune importation pour l’instant."),
        "Every row is checked before anything is written. You will see the mapping of the columns and a preview first.": (
            "يُتحقَّق من كل سطر قبل كتابة أي شيء. سترى أولا مطابقة الأعمدة ومعاينة.",
            "Chaque ligne est vérifiée avant toute écriture. Vous verrez d’abord la correspondance des colonnes et un aperçu.",
        ),
        "Upload and map the columns": ("رفع الملف ومطابقة الأعمدة", "Téléverser et associer les colonnes"),
        "This row has %(count)d cells but the header has %(width)d columns.": (
            "في هذا السطر %(count)d خانة بينما في سطر العناوين %(width)d عمودا.",
            "Cette ligne a %(count)d cellules mais l’en-tête a %(width)d colonnes.",
        ),
        "Unknown country: use DZ or MA.": (
            "بلد غير معروف: استعمل DZ أو MA.",
            "Pays inconnu : utilisez DZ ou MA.",
        ),
        "Unknown province: give its official code, ISO code or name.": (
            "ولاية أو إقليم غير معروف: اذكر رمزه الرسمي أو رمز ISO أو اسمه.",
            "Wilaya ou province inconnue : indiquez son code officiel, son code ISO ou son nom.",
        ),
        "A name has at most %(limit)d characters.": (
            "لا يتجاوز الاسم %(limit)d حرفا.",
            "Un nom compte au plus %(limit)d caractères.",
        ),
        "This date cannot be read: write it as YYYY-MM-DD or DD/MM/YYYY.": (
            "تعذّرت قراءة هذا التاريخ: اكتبه بالشكل YYYY-MM-DD أو DD/MM/YYYY.",
            "Cette date est illisible : écrivez-la AAAA-MM-JJ ou JJ/MM/AAAA.",
        ),
        "This value is not one of the accepted choices.": (
            "هذه القيمة ليست من الخيارات المقبولة.",
            "Cette valeur ne fait pas partie des choix acceptés.",
        ),
        "Enter a valid email address.": (
            "أدخل عنوان بريد إلكتروني صالحا.",
            "Saisissez une adresse e-mail valide.",
        ),
        "This text has at most %(limit)d characters.": (
            "لا يتجاوز هذا النص %(limit)d حرفا.",
            "Ce texte compte au plus %(limit)d caractères.",
        ),
        "The import is being cancelled.": (
            "جارٍ إلغاء الاستيراد.",
            "L’importation est en cours d’annulation.",
        ),
        "The import was undone: %(count)d people removed.": (
            "تم التراجع عن الاستيراد: حُذف %(count)d شخصا.",
            "L’importation a été annulée : %(count)d personnes retirées.",
        ),
        "target categories": ("الفئات المستهدفة", "catégories cibles"),
        "consent to registration (yes/no)": (
            "الموافقة على التسجيل (نعم/لا)",
            "consentement à l’inscription (oui/non)",
        ),
        "consent to be contacted (yes/no)": (
            "الموافقة على الاتصال (نعم/لا)",
            "accord pour être contacté (oui/non)",
        ),
        "Unknown target category: %(value)s. Give its code or its name.": (
            "فئة مستهدفة غير معروفة: %(value)s. اذكر رمزها أو اسمها.",
            "Catégorie cible inconnue : %(value)s. Indiquez son code ou son nom.",
        ),
        "Write yes or no (oui or non, نعم or لا).": (
            "اكتب نعم أو لا (oui أو non، yes أو no).",
            "Écrivez oui ou non (yes ou no, نعم ou لا).",
        ),
        "No column says whether each person consented to registration: they will be registered without a consent record. Map it if the file has one.": (
            "لا يوجد عمود يبيّن هل وافق كل شخص على تسجيله: سيُسجَّلون دون سجل موافقة. اربطه إن كان في الملف.",
            "Aucune colonne n’indique si chaque personne a consenti à son inscription : elles seront inscrites sans trace de consentement. Associez-la si le fichier en a une.",
        ),
        "Compare the file with the registry": ("قارن الملف بالسجل", "Comparer le fichier et le registre"),
        "field": ("الحقل", "champ"),
        "in the file": ("في الملف", "dans le fichier"),
        "registered": ("المسجل", "inscrit"),
        "differs": ("مختلف", "diffère"),
        "Edit the registered person": ("تعديل الشخص المسجل", "Modifier la personne inscrite"),
        "Apply the checked values from the file": (
            "طبّق القيم المؤشَّر عليها من الملف",
            "Appliquer les valeurs cochées du fichier",
        ),
        "The registered person now has the values chosen from the file.": (
            "أصبحت للشخص المسجل القيم المختارة من الملف.",
            "La personne inscrite a maintenant les valeurs choisies dans le fichier.",
        ),
        "This row is not waiting for review against this person.": (
            "هذا السطر لا ينتظر المراجعة مقارنةً بهذا الشخص.",
            "Cette ligne n’attend pas d’examen face à cette personne.",
        ),
        "Choose at least one value from the file.": (
            "اختر قيمة واحدة على الأقل من الملف.",
            "Choisissez au moins une valeur du fichier.",
        ),
        "See the registered person": ("عرض الشخص المسجل", "Voir la personne inscrite"),
        "date of the consents": ("تاريخ الموافقات", "date des consentements"),
        "A consent cannot be dated in the future.": (
            "لا يمكن أن يكون تاريخ الموافقة في المستقبل.",
            "Un consentement ne peut pas être daté dans le futur.",
        ),
        "This person did not consent to being registered.": (
            "لم يوافق هذا الشخص على تسجيله.",
            "Cette personne n’a pas consenti à son inscription.",
        ),
    }
)
