/** Deutsche Texte der Eigentümerseite. */
import type { Catalogue } from './en';

export const de: Catalogue = {
  languageName: 'Deutsch',
  pageTitle: 'Der Umzug Ihrer WhatsApp-Nummer',
  languages: 'Sprache',
  aboutPortIn: 'Ihre Nummer {phone} zieht zu 360dialog um, damit sie weiter mit WhatsApp Business funktioniert.',
  aboutPortOut: 'Ihre Nummer {phone} verlässt 360dialog und zieht zu einem anderen Anbieter um.',
  aboutPartnerChange: 'Ihr WhatsApp-Business-Konto {waba} wechselt zu einem anderen 360dialog-Partner.',
  progressHeading: 'Stand der Dinge',
  currentStep: 'Jetzt',
  waitingFor: 'Wartet auf',
  since: 'Seit',
  deadline: 'Bitte handeln Sie vor',
  doNowHeading: 'Was Sie jetzt tun müssen',
  enterCodeIntro:
    'WhatsApp hat einen 6-stelligen Code per SMS oder Anruf an {phone} geschickt. Geben Sie ihn hier ein.',
  codeLabel: '6-stelliger Code',
  codeHint: 'Nur Ziffern, genau 6.',
  submitCode: 'Code senden',
  resendHeading: 'Kein Code angekommen?',
  resendSms: 'Neuen Code per SMS senden',
  resendVoice: 'Neuen Code per Anruf erhalten',
  codeVerified: 'Code angenommen. Der Umzug läuft von selbst weiter; Sie können diese Seite schließen.',
  codeWrong: 'Dieser Code stimmt nicht. Verbleibende Versuche: {attemptsLeft}.',
  codeExpired: 'Dieser Code ist abgelaufen. Fordern Sie unten einen neuen an.',
  codeLocked: 'Zu viele falsche Codes. Unser Support-Team ist informiert und meldet sich bei Ihnen.',
  codeMalformed: 'Bitte geben Sie genau 6 Ziffern ein.',
  codeResent: 'Ein neuer Code kommt per {method}. Noch mögliche neue Codes: {sendsLeft}.',
  resendRefused: 'Ein neuer Code kann noch nicht gesendet werden: {detail}',
  methodSms: 'SMS',
  methodVoice: 'Anruf',
  twoFactorIntro:
    'Die Verifizierung in zwei Schritten schützt Ihre Nummer mit einer PIN. Für den Umzug muss sie aus sein, und nur Sie können sie ausschalten:',
  twoFactorSteps:
    'Öffnen Sie den WhatsApp Manager (business.facebook.com/wa/manage) | Gehen Sie zu Kontotools und dann zu Telefonnummern | Wählen Sie {phone} und öffnen Sie die Einstellungen | Öffnen Sie Verifizierung in zwei Schritten und wählen Sie Verifizierung in zwei Schritten deaktivieren | Bestätigen Sie die E-Mail, die WhatsApp Ihnen schickt',
  twoFactorAfter:
    'Wir merken von selbst, wann sie aus ist; laden Sie diese Seite neu, um den nächsten Schritt zu sehen. Nach dem Umzug legen Sie eine neue PIN fest.',
  twoFactorTellUs:
    'Sobald sie aus ist, sagen Sie es uns mit der Schaltfläche unten, und wir versuchen es sofort erneut. Nach dem Umzug legen Sie eine neue PIN fest.',
  confirmNumbersIntro:
    'Alle diese Nummern ziehen zusammen mit dem Konto um. Haken Sie jede zur Bestätigung an und senden Sie dann.',
  confirmNumbersButton: 'Diese Nummern bestätigen',
  numbersConfirmed: 'Danke, die Nummern sind bestätigt. Der Wechsel läuft von selbst weiter.',
  numbersRefused: 'Die Liste konnte nicht bestätigt werden: {detail}',
  cancellationIntro:
    'Ihre Nummer hat 360dialog verlassen. Sollen wir Ihr 360dialog-Abonnement dafür kündigen? Nicht verbrauchtes Guthaben wird erstattet.',
  confirmCancellation: 'Ja, Abonnement kündigen',
  declineCancellation: 'Nein, behalten',
  cancellationConfirmed: 'Das Abonnement wird gekündigt. Danke.',
  cancellationDeclined: 'Das Abonnement bleibt aktiv.',
  refreshHint: 'Diese Seite aktualisiert sich nicht selbst: Laden Sie sie neu, um den neuesten Stand zu sehen.',
  reload: 'Neu laden',
  linkTamperedTitle: 'Dieser Link ist ungültig',
  linkTamperedBody:
    'Der Link ist beschädigt oder stammt nicht von uns. Bitte nutzen Sie den Link aus Ihrer Nachricht genau so, wie er kam.',
  linkExpiredTitle: 'Dieser Link ist abgelaufen',
  linkExpiredBody: 'Bitten Sie das Unternehmen, das Ihre Nummer umzieht, um einen neuen Link.',
  linkSpentTitle: 'Dieser Schritt ist schon erledigt',
  linkSpentBody: 'Mit diesem Link ist nichts mehr zu tun. Jetzt: {step}.',
  linkOldRunTitle: 'Dieser Link stammt von einem früheren Versuch',
  linkOldRunBody: 'Der Umzug wurde neu gestartet. Bitte nutzen Sie den neuesten Link, den Sie bekommen haben.',
  migrationEndedTitle: 'Der Umzug ist beendet',
  migrationEndedBody: 'Ergebnis: {outcome}. Hier ist nichts mehr zu tun.',
  rateLimitedTitle: 'Zu viele Versuche',
  rateLimitedBody: 'Bitte warten Sie eine Minute und versuchen Sie es dann erneut.',
  formExpiredTitle: 'Bitte noch einmal',
  formExpiredBody:
    'Das Formular war zu alt oder kam von einer anderen Seite. Laden Sie die Seite neu und senden Sie es erneut.',
  unavailableTitle: 'Gerade nicht erreichbar',
  unavailableBody: 'Wir erreichen den Umzug gerade nicht. Bitte versuchen Sie es in ein paar Minuten erneut.',
  outcomeCompleted: 'abgeschlossen',
  outcomeStalled: 'angehalten, unser Support-Team übernimmt',
  outcomeFailed: 'fehlgeschlagen, unser Support-Team übernimmt',
  outcomeCancelled: 'abgebrochen',
  outcomeNewNumber: 'kein Umzug nötig, die Nummer wird als neue Nummer hinzugefügt',
  outcomeSupport: 'an unser Support-Team übergeben, das sich bei Ihnen meldet',
  stepInProgress: 'in Arbeit',
  stepEnterCode: 'Ihren 6-stelligen Code',
  stepDisableTwoFactor: 'das Ausschalten der Verifizierung in zwei Schritten',
  stepConfirmNumbers: 'Ihre Bestätigung der Nummern',
  stepConfirmCancellation: 'Ihre Entscheidung zum Abonnement',
  twoFactorDoneButton: 'Ich habe sie ausgeschaltet',
  twoFactorNoted:
    'Danke. Wir versuchen den Umzug jetzt erneut; ist die Verifizierung in zwei Schritten noch an, fragen wir Sie noch einmal.',
  stepEmbeddedSignup: 'die Meta-Anmeldung für Ihre Nummer',
  signupIntro:
    'Ziehen Sie die Nummer dann im Anmeldefenster von Meta um: Wählen Sie dasselbe Business-Portfolio und das WhatsApp-Business-Konto {waba}, geben Sie Ihre Nummer {phone} und ihren Anzeigenamen ein und tippen Sie den Code ein, den Meta an die Nummer schickt.',
  signupLaunch: 'Meta-Anmeldung öffnen',
  signupNeedsScript:
    'Das Anmeldefenster von Meta braucht JavaScript. Schalten Sie es für diese Seite ein oder fragen Sie das Unternehmen, das Ihre Nummer umzieht, nach seiner eigenen Anmeldeseite.',
  signupNotOffered:
    'Das Unternehmen, das Ihre Nummer umzieht, öffnet die Meta-Anmeldung für Sie auf seiner eigenen Seite. Diese Seite geht weiter, sobald das erledigt ist.',
  signupLoading: 'Die Meta-Anmeldung wird geladen…',
  signupOpened:
    'Das Fenster von Meta ist offen. Schließen Sie die Anmeldung dort ab; diese Seite geht von selbst weiter.',
  signupCancelled: 'Das Anmeldefenster wurde vor dem Ende geschlossen. Öffnen Sie es erneut, wenn Sie bereit sind.',
  signupError: 'Meta meldet ein Problem:',
  signupSdkFailed:
    'Die Meta-Anmeldung konnte nicht geladen werden. Prüfen Sie Ihre Verbindung und laden Sie diese Seite neu.',
  signupSending: 'Anmeldung abgeschlossen. Wir prüfen sie jetzt…',
  signupAccepted: 'Meta hat den Umzug bestätigt. Der Rest läuft von selbst; Sie können diese Seite schließen.',
  signupRefused: 'Die Anmeldung konnte nicht angenommen werden: {detail}',
  stepCompanyInfo: 'Ihre Unternehmensangaben',
  companyInfoIntro:
    'Der neue Partner braucht Ihre Unternehmensangaben im 360dialog Hub, bevor der Wechsel beantragt werden kann:',
  companyInfoSteps:
    'Öffnen Sie den 360dialog Hub | Gehen Sie zu Einstellungen und dann zu Unternehmensangaben | Füllen Sie jedes Feld aus und speichern Sie',
  stepPaymentMethod: 'eine Zahlungsmethode in Ihrem Konto',
  paymentIntro:
    'Der neue Partner verlangt eine Zahlungsmethode in Ihrem Konto, bevor der Wechsel beantragt werden kann:',
  paymentSteps:
    'Öffnen Sie den 360dialog Hub | Gehen Sie zu Abrechnung und dann zu Zahlungsmethoden | Fügen Sie eine Karte oder eine andere Methode hinzu und speichern Sie',
  openHub: '360dialog Hub öffnen',
  accountDoneButton: 'Erledigt, jetzt prüfen',
  accountNoted: 'Danke. Wir prüfen es und machen weiter; fehlt noch etwas, fragen wir Sie erneut.',
  stepSelectPermissions: 'Ihre Auswahl der Nummern für den neuen Partner',
  selectPermissionsIntro:
    'Der Wechsel ist erledigt. Wählen Sie die Nummern, die der neue Partner verwalten darf (mindestens eine), und senden Sie ab.',
  selectPermissionsButton: 'Zugriff auf diese Nummern geben',
  permissionsSelected: 'Danke. Der neue Partner erhält Zugriff auf die gewählten Nummern.',
  eventRefused: 'Das konnte nicht erfasst werden: {detail}',
  liveHint: 'Diese Seite aktualisiert sich von selbst.',
};
