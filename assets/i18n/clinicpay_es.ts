<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>A11y</name>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="50"/>
        <source>Larger text</source>
        <translation>Letra más grande</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="51"/>
        <source>Normal text</source>
        <translation>Letra normal</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="52"/>
        <source>High contrast</source>
        <translation>Alto contraste</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="53"/>
        <source>Normal colors</source>
        <translation>Colores normales</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="54"/>
        <source>Audio on</source>
        <translation>Activar audio</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="55"/>
        <source>Audio off</source>
        <translation>Desactivar audio</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="57"/>
        <source>I have headphones</source>
        <translation>Tengo audífonos</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/toolbar.py" line="58"/>
        <source>Confirm you listen privately, so amounts and your name can be read aloud</source>
        <translation>Confirme que escucha en privado para que se lean en voz alta los montos y su nombre</translation>
    </message>
</context>
<context>
    <name>Admin</name>
    <message>
        <location filename="../../ui/admin.py" line="102"/>
        <source>Staff only: enter the admin PIN</source>
        <translation>Solo personal: escriba el PIN de administración</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="107"/>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="115"/>
        <source>No admin PIN is set on this kiosk; IT can restart it instead.</source>
        <translation>Este quiosco no tiene PIN de administración; el equipo de TI puede reiniciarlo.</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="141"/>
        <source>Too many wrong PINs. Try again in {seconds} seconds.</source>
        <translation>Demasiados PIN incorrectos. Inténtelo de nuevo en {seconds} segundos.</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="145"/>
        <source>No admin PIN is set on this kiosk.</source>
        <translation>Este quiosco no tiene PIN de administración.</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="147"/>
        <source>Wrong PIN.</source>
        <translation>PIN incorrecto.</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="157"/>
        <source>Kiosk administration</source>
        <translation>Administración del quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="160"/>
        <source>Test the card terminal</source>
        <translation>Probar la terminal de tarjetas</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="161"/>
        <source>Print a test receipt</source>
        <translation>Imprimir un recibo de prueba</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="163"/>
        <source>Read a test scan</source>
        <translation>Leer un escaneo de prueba</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="167"/>
        <source>Exit the kiosk</source>
        <translation>Salir del quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="169"/>
        <source>Back to the kiosk</source>
        <translation>Volver al quiosco</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="177"/>
        <source>{check}: working…</source>
        <translation>{check}: en curso…</translation>
    </message>
</context>
<context>
    <name>Amount</name>
    <message>
        <location filename="../../ui/screens/paying.py" line="28"/>
        <source>How much would you like to pay?</source>
        <translation>¿Cuánto desea pagar?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="31"/>
        <source>Pay another amount</source>
        <translation>Pagar otra cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="33"/>
        <source>Pay a copay for today&apos;s visit</source>
        <translation>Pagar el copago de la visita de hoy</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="44"/>
        <source>Pay the full balance: {amount}</source>
        <translation>Pagar el saldo total: {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="47"/>
        <source>Pay the full balance</source>
        <translation>Pagar el saldo total</translation>
    </message>
</context>
<context>
    <name>Attract</name>
    <message>
        <location filename="../../ui/screens/welcome.py" line="28"/>
        <source>Pay your bill here</source>
        <translation>Pague su factura aquí</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="30"/>
        <source>Quick and secure. You will need your last name and date of birth.</source>
        <translation>Rápido y seguro. Necesitará su apellido y su fecha de nacimiento.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="33"/>
        <source>Touch to start</source>
        <translation>Toque para empezar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="58"/>
        <source>Getting ready…</source>
        <translation>Preparando…</translation>
    </message>
</context>
<context>
    <name>Birthdate</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="66"/>
        <source>What is your date of birth?</source>
        <translation>¿Cuál es su fecha de nacimiento?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="69"/>
        <source>Date of birth</source>
        <translation>Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="92"/>
        <source>Month: two digits, for example 07 for July</source>
        <translation>Mes: dos dígitos, por ejemplo 07 para julio</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="93"/>
        <source>Day: two digits</source>
        <translation>Día: dos dígitos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="94"/>
        <source>Year: four digits</source>
        <translation>Año: cuatro dígitos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="95"/>
        <source>Press Continue</source>
        <translation>Pulse Continuar</translation>
    </message>
</context>
<context>
    <name>Common</name>
    <message>
        <location filename="../../ui/screens/farewell.py" line="35"/>
        <location filename="../../ui/screens/farewell.py" line="70"/>
        <location filename="../../ui/screens/identify.py" line="157"/>
        <location filename="../../ui/screens/outcome.py" line="71"/>
        <location filename="../../ui/screens/statement.py" line="46"/>
        <source>Done</source>
        <translation>Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="41"/>
        <location filename="../../ui/screens/identify.py" line="74"/>
        <location filename="../../ui/screens/identify.py" line="119"/>
        <location filename="../../ui/screens/paying.py" line="39"/>
        <location filename="../../ui/screens/paying.py" line="70"/>
        <location filename="../../ui/screens/paying.py" line="126"/>
        <location filename="../../ui/screens/sending.py" line="36"/>
        <source>Back</source>
        <translation>Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="42"/>
        <location filename="../../ui/screens/identify.py" line="75"/>
        <location filename="../../ui/screens/identify.py" line="102"/>
        <location filename="../../ui/screens/identify.py" line="120"/>
        <location filename="../../ui/screens/paying.py" line="71"/>
        <location filename="../../ui/screens/sending.py" line="37"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="101"/>
        <source>Looking you up…</source>
        <translation>Buscando su cuenta…</translation>
    </message>
    <message>
        <location filename="../../ui/admin.py" line="108"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>Counter</name>
    <message>
        <location filename="../../ui/counter/access.py" line="22"/>
        <location filename="../../ui/counter/access.py" line="32"/>
        <source>Sign in</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="25"/>
        <location filename="../../ui/counter/access.py" line="26"/>
        <source>User name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="29"/>
        <location filename="../../ui/counter/access.py" line="30"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="55"/>
        <source>Demo accounts: {names}; password “{password}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="66"/>
        <source>Locked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="67"/>
        <location filename="../../ui/counter/window.py" line="77"/>
        <source>Sign out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="73"/>
        <source>This counter is locked. {name}, sign in again to carry on where you were.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="84"/>
        <source>Starting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/access.py" line="85"/>
        <source>Settling payments and refunds a restart left in doubt.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="22"/>
        <source>Postings to the PMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="25"/>
        <source>Status</source>
        <translation type="unfinished">Estado</translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="25"/>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="26"/>
        <location filename="../../ui/counter/backoffice.py" line="91"/>
        <location filename="../../ui/counter/patients.py" line="55"/>
        <source>Patient</source>
        <translation type="unfinished">Paciente</translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="26"/>
        <location filename="../../ui/counter/backoffice.py" line="93"/>
        <location filename="../../ui/counter/day.py" line="80"/>
        <location filename="../../ui/counter/paying.py" line="37"/>
        <location filename="../../ui/counter/paying.py" line="38"/>
        <source>Amount</source>
        <translation type="unfinished">Cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="27"/>
        <location filename="../../ui/counter/day.py" line="67"/>
        <source>Method</source>
        <translation type="unfinished">Forma de pago</translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="27"/>
        <source>From</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="28"/>
        <source>Tries</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="28"/>
        <location filename="../../ui/counter/refund.py" line="36"/>
        <source>Reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="31"/>
        <source>Entered in the PMS by hand</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="33"/>
        <source>Not needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="34"/>
        <source>Other</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="36"/>
        <source>Decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="38"/>
        <source>Note (no card numbers)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="39"/>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="41"/>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="43"/>
        <source>Resolve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="44"/>
        <source>Sync now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="65"/>
        <source>Waiting {queued}, needing attention {attention}, resolved {resolved}, posted {posted}. Last posted {last}. Sync worker: {state}{error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="72"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="73"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="87"/>
        <location filename="../../ui/counter/window.py" line="63"/>
        <source>Kiosks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="88"/>
        <source>A session no kiosk has moved for a while is marked stuck; take it over to help the patient at the desk.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="90"/>
        <source>Kiosk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="92"/>
        <source>Step</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="94"/>
        <source>Idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="95"/>
        <source>Stuck</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="96"/>
        <source>Take over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="97"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="120"/>
        <source>Import historical payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="121"/>
        <source>A CSV export from the old system (columns: docs/import-payments.md). All rows go in, or none.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="124"/>
        <location filename="../../ui/counter/backoffice.py" line="125"/>
        <location filename="../../ui/counter/backoffice.py" line="142"/>
        <source>CSV file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="127"/>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="129"/>
        <source>Check only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="131"/>
        <location filename="../../ui/counter/window.py" line="69"/>
        <source>Import</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="134"/>
        <source>Import progress</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="138"/>
        <source>Line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="138"/>
        <source>Column</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="139"/>
        <source>Problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="157"/>
        <source>Reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="158"/>
        <source>Checking</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="159"/>
        <source>Importing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="160"/>
        <source>Finished</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="161"/>
        <source>{phase}: row %v of %m</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="165"/>
        <source>{rows} rows, {valid} valid, {imported} imported, {already} already imported{dry}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/backoffice.py" line="170"/>
        <source> (checked only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="34"/>
        <source>Day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="54"/>
        <location filename="../../ui/counter/window.py" line="65"/>
        <source>Close the day</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="56"/>
        <location filename="../../ui/counter/day.py" line="128"/>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="59"/>
        <source>Close this terminal&apos;s batch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="61"/>
        <source>Export CSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="63"/>
        <source>Export PDF</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="67"/>
        <source>Channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="68"/>
        <source>Payments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="68"/>
        <source>Gross</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="69"/>
        <source>Refunds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="69"/>
        <source>Net</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="70"/>
        <source>In the PMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="71"/>
        <source>Not yet in the PMS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="73"/>
        <source>Terminal</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="74"/>
        <source>Our ledger</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="75"/>
        <source>Processor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="76"/>
        <source>Matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="78"/>
        <source>Severity</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="79"/>
        <source>What</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="81"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="82"/>
        <source>What to do</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="88"/>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="97"/>
        <source>Close the day: {day} ({tz})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="101"/>
        <source>Balanced.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="102"/>
        <source>Not balanced: see below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="103"/>
        <source>Total net {net} in {count} payments.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="113"/>
        <source>no batch closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="126"/>
        <source>Today at a glance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="152"/>
        <source>At a glance: {day} ({tz})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="154"/>
        <source>Payments: {count}, {amount}. Refunds and voids: {refunds}. In doubt: {doubt}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="159"/>
        <source>Payments by hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="184"/>
        <source>By method</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/day.py" line="186"/>
        <source>By channel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="24"/>
        <source>Find a patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="26"/>
        <location filename="../../ui/counter/patients.py" line="27"/>
        <source>Last name</source>
        <translation type="unfinished">Apellido</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="34"/>
        <location filename="../../ui/counter/patients.py" line="56"/>
        <source>Date of birth</source>
        <translation type="unfinished">Fecha de nacimiento</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="36"/>
        <source>ZIP (if several)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="37"/>
        <source>ZIP code</source>
        <translation type="unfinished">Código postal</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="39"/>
        <source>Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="43"/>
        <location filename="../../ui/counter/patients.py" line="44"/>
        <source>Account number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="46"/>
        <location filename="../../ui/counter/patients.py" line="47"/>
        <source>Statement code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="48"/>
        <source>By account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="51"/>
        <source>By statement code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="57"/>
        <source>Account</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="59"/>
        <source>Open statement</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="62"/>
        <location filename="../../ui/counter/patients.py" line="63"/>
        <source>Payment reference</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="64"/>
        <source>Refund or void a payment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="65"/>
        <source>Refund…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="98"/>
        <source>Date</source>
        <translation type="unfinished">Fecha</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="98"/>
        <source>Service</source>
        <translation type="unfinished">Servicio</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="99"/>
        <source>Charge</source>
        <translation type="unfinished">Cargo</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="100"/>
        <source>Insurance paid</source>
        <translation type="unfinished">Pagó el seguro</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="101"/>
        <source>Adjusted</source>
        <translation type="unfinished">Ajuste</translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="102"/>
        <source>Patient owes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="106"/>
        <location filename="../../ui/counter/paying.py" line="24"/>
        <source>Take a payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="108"/>
        <source>Another patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="117"/>
        <source>From the PMS&apos;s saved copy of {when}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/patients.py" line="124"/>
        <source>Paid before: {paid}   Total due: {due}   Can pay now: {payable}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="27"/>
        <source>Card (terminal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="28"/>
        <source>Cash</source>
        <translation type="unfinished">Efectivo</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="29"/>
        <source>Check</source>
        <translation type="unfinished">Cheque</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="40"/>
        <source>Copay for today&apos;s visit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="43"/>
        <location filename="../../ui/counter/refund.py" line="38"/>
        <source>Amount:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="45"/>
        <location filename="../../ui/counter/paying.py" line="46"/>
        <source>Cash given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="49"/>
        <location filename="../../ui/counter/paying.py" line="50"/>
        <source>Check number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="53"/>
        <source>Cash given:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="54"/>
        <source>Check number:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="57"/>
        <source>Take payment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="59"/>
        <source>Back</source>
        <translation type="unfinished">Atrás</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="105"/>
        <source>Take a payment from {name} (up to {max})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="117"/>
        <source>Card on the terminal</source>
        <translation type="unfinished">Tarjeta en la terminal</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="121"/>
        <source>Cancel</source>
        <translation type="unfinished">Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="127"/>
        <source>{amount} from {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="131"/>
        <source>Ask the patient to insert, tap or swipe.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="132"/>
        <source>Processing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="133"/>
        <source>The patient can remove the card.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="134"/>
        <source>Canceling…</source>
        <translation type="unfinished">Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="135"/>
        <source>Starting the sale…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="149"/>
        <source>Try again</source>
        <translation type="unfinished">Intentar de nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="151"/>
        <source>Print receipt</source>
        <translation type="unfinished">Imprimir recibo</translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="153"/>
        <source>Refund or void…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="155"/>
        <source>Next patient</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="175"/>
        <source>Paid: {amount} by {method}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="177"/>
        <source>Reference {ref}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="178"/>
        <source>Change due: {change}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="181"/>
        <source>Check {number}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/paying.py" line="187"/>
        <source>Not paid: {status}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="23"/>
        <location filename="../../ui/counter/refund.py" line="28"/>
        <source>Refund or void</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="26"/>
        <source>Refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="27"/>
        <source>Void (same day, untouched)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="31"/>
        <source>Amount to refund</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="39"/>
        <source>Reason:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="41"/>
        <source>Supervisor</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="42"/>
        <source>Supervisor&apos;s user name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="45"/>
        <location filename="../../ui/counter/refund.py" line="46"/>
        <source>Supervisor&apos;s password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="48"/>
        <source>Approve</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="53"/>
        <source>Done</source>
        <translation type="unfinished">Terminar</translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="73"/>
        <source>Voided {amount} ({method}), approved by {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="75"/>
        <source>Refunded {amount} ({method}), approved by {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="77"/>
        <source>Refund {status}: {amount} ({method}), approved by {who}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/refund.py" line="88"/>
        <source>Payment {ref}: {amount} by {method}, {status}; refundable {left}.{why}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="12"/>
        <source>Wrong user name or password.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="13"/>
        <source> {n} tries left before the account locks.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="15"/>
        <source>This account is locked. Try again in {s} seconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="17"/>
        <source>This account is disabled. Ask an administrator.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="18"/>
        <source>Only the person who locked this screen can unlock it. Sign out to change user.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="20"/>
        <source>No patient matches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="21"/>
        <source>Type at least two letters of the last name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="22"/>
        <source>This PMS cannot search that way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="23"/>
        <source>The PMS is not answering. Try again, or take the payment and it will post later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="25"/>
        <source>The cash given is less than the amount.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="26"/>
        <source>Enter the check number (1 to 10 digits).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="27"/>
        <source>More than the patient owes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="28"/>
        <source>Nothing is owed on this account.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="29"/>
        <location filename="../../ui/counter/texts.py" line="30"/>
        <source>Enter an amount greater than zero.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="31"/>
        <source>More than the clinic allows here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="32"/>
        <source>This clinic does not take that kind of payment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="34"/>
        <source>The printer did not print.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="35"/>
        <source>The supervisor&apos;s sign-in failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="36"/>
        <source>That account cannot approve refunds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="37"/>
        <source>The supervisor&apos;s account is locked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="38"/>
        <source>The processor did not confirm the refund. Hand out nothing; it is retried safely.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="40"/>
        <source>The refund was refused.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="41"/>
        <source>This payment cannot be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="42"/>
        <source>More than can be refunded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="43"/>
        <source>This payment cannot be voided; refund it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="44"/>
        <source>That posting cannot be retried.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="45"/>
        <source>That posting cannot be resolved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="46"/>
        <source>The note looks like it holds a card number; write it without one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="48"/>
        <source>Someone already took that session.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="49"/>
        <source>That kiosk session has ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="50"/>
        <source>That kiosk session is gone.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="51"/>
        <source>Your role cannot do that.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/texts.py" line="52"/>
        <source>The file was not imported: see the report.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="34"/>
        <source>ClinicPay Counter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="59"/>
        <source>Patients</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="61"/>
        <source>Postings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="67"/>
        <source>Dashboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="75"/>
        <source>Lock</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../ui/counter/window.py" line="111"/>
        <source>{name} ({role})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Idle</name>
    <message>
        <location filename="../../ui/window.py" line="82"/>
        <source>Are you still there?</source>
        <translation>¿Sigue ahí?</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="83"/>
        <source>Yes, I&apos;m still here</source>
        <translation>Sí, sigo aquí</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="85"/>
        <source>For your privacy, this session will end in {seconds} seconds.</source>
        <translation>Por su privacidad, esta sesión terminará en {seconds} segundos.</translation>
    </message>
</context>
<context>
    <name>Keyboard</name>
    <message>
        <location filename="../../ui/widgets/email_keyboard.py" line="42"/>
        <location filename="../../ui/widgets/keyboard.py" line="32"/>
        <source>Erase</source>
        <translation>Borrar</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keyboard.py" line="35"/>
        <source>space</source>
        <translation>espacio</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keyboard.py" line="36"/>
        <source>Space</source>
        <translation>Espacio</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../ui/widgets/keypad.py" line="30"/>
        <source>Erase</source>
        <translation>Borrar</translation>
    </message>
</context>
<context>
    <name>Messages</name>
    <message>
        <location filename="../../ui/texts.py" line="16"/>
        <source>Please type at least two letters of your last name.</source>
        <translation>Escriba al menos dos letras de su apellido.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="18"/>
        <source>Please enter your full date of birth.</source>
        <translation>Escriba su fecha de nacimiento completa.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="19"/>
        <source>Please enter all the digits.</source>
        <translation>Escriba todos los dígitos.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="20"/>
        <source>Please check your last name and date of birth and try again, or ask at the front desk.</source>
        <translation>Revise su apellido y su fecha de nacimiento e inténtelo de nuevo, o pregunte en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="22"/>
        <source>Please ask at the front desk for help, or try again in a few minutes.</source>
        <translation>Pida ayuda en la recepción o inténtelo de nuevo en unos minutos.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="24"/>
        <source>We cannot look up accounts right now. Please ask at the front desk.</source>
        <translation>Ahora no podemos buscar cuentas. Por favor, pregunte en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="26"/>
        <location filename="../../ui/texts.py" line="34"/>
        <source>There is nothing to pay on this account today.</source>
        <translation>Hoy no hay nada que pagar en esta cuenta.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="28"/>
        <location filename="../../ui/texts.py" line="29"/>
        <source>Please enter an amount greater than zero.</source>
        <translation>Escriba una cantidad mayor que cero.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="30"/>
        <source>That is more than you owe. Please enter a smaller amount.</source>
        <translation>Esa cantidad es mayor que lo que debe. Escriba una cantidad menor.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="32"/>
        <source>That is more than can be paid here. Please enter a smaller amount.</source>
        <translation>Esa cantidad es mayor que lo que se puede pagar aquí. Escriba una cantidad menor.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="36"/>
        <source>Please pay toward your balance.</source>
        <translation>Por favor, haga un pago a su saldo.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="37"/>
        <source>This amount cannot be paid here.</source>
        <translation>Esta cantidad no se puede pagar aquí.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="38"/>
        <source>That way to pay is not available right now.</source>
        <translation>Esa forma de pago no está disponible ahora.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="40"/>
        <source>The printer is not working right now. Please ask the front desk for a receipt.</source>
        <translation>La impresora no funciona en este momento. Pida su recibo en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="42"/>
        <source>No payment was taken.</source>
        <translation>No se cobró ningún pago.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="43"/>
        <source>Your receipt will be emailed in a few minutes.</source>
        <translation>Recibirá su recibo por correo electrónico en unos minutos.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="45"/>
        <source>Your receipt will be texted in a few minutes.</source>
        <translation>Recibirá su recibo por mensaje de texto en unos minutos.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="46"/>
        <source>That does not look like an email address. Please check it.</source>
        <translation>Eso no parece una dirección de correo electrónico. Revísela, por favor.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="48"/>
        <source>That does not look like a phone number. Please check it.</source>
        <translation>Eso no parece un número de teléfono. Revíselo, por favor.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="50"/>
        <source>Please enter a mobile number that can receive text messages.</source>
        <translation>Escriba un número de celular que pueda recibir mensajes de texto.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="52"/>
        <source>Please check what you typed.</source>
        <translation>Revise lo que escribió.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="53"/>
        <source>This receipt was already sent several times.</source>
        <translation>Este recibo ya se envió varias veces.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="54"/>
        <source>That is not available right now.</source>
        <translation>Eso no está disponible en este momento.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="55"/>
        <source>There is no payment to send a receipt for.</source>
        <translation>No hay ningún pago del que enviar un recibo.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="56"/>
        <source>We could not send the receipt. Please ask the front desk.</source>
        <translation>No pudimos enviar el recibo. Pregunte en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/texts.py" line="59"/>
        <source>Something went wrong. Please ask at the front desk.</source>
        <translation>Algo salió mal. Por favor, pregunte en la recepción.</translation>
    </message>
</context>
<context>
    <name>Method</name>
    <message>
        <location filename="../../ui/screens/paying.py" line="108"/>
        <source>Card on the terminal</source>
        <translation>Tarjeta en la terminal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="110"/>
        <source>Insert, tap or swipe a card, or tap your phone or watch.</source>
        <translation>Inserte, acerque o deslice una tarjeta, o acerque su teléfono o reloj.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="114"/>
        <source>Pay on your phone</source>
        <translation>Pagar con su teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="121"/>
        <source>QR code for the clinic&apos;s payment website</source>
        <translation>Código QR del sitio de pagos de la clínica</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="130"/>
        <source>How would you like to pay {amount}?</source>
        <translation>¿Cómo desea pagar {amount}?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="139"/>
        <source>Card payments are not available right now. You can pay on the clinic&apos;s website with this code, or at the front desk.</source>
        <translation>Los pagos con tarjeta no están disponibles ahora. Puede pagar en el sitio web de la clínica con este código o en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="142"/>
        <source>Payments are not available here right now. Please pay at the front desk.</source>
        <translation>Ahora no se pueden hacer pagos aquí. Por favor, pague en la recepción.</translation>
    </message>
</context>
<context>
    <name>More</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="112"/>
        <source>More than one account matches. One more question tells them apart.</source>
        <translation>Hay más de una cuenta con esos datos. Una pregunta más nos ayuda a distinguirlas.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="135"/>
        <source>What is your ZIP code?</source>
        <translation>¿Cuál es su código postal?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="136"/>
        <source>What are the last four digits of your phone number?</source>
        <translation>¿Cuáles son los últimos cuatro dígitos de su número de teléfono?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="140"/>
        <source>ZIP code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="141"/>
        <source>Phone, last four digits</source>
        <translation>Teléfono, últimos cuatro dígitos</translation>
    </message>
</context>
<context>
    <name>Name</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="33"/>
        <source>What is your last name?</source>
        <translation>¿Cuál es su apellido?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="34"/>
        <source>The name on your account. Accents are not needed.</source>
        <translation>El apellido de su cuenta. No hace falta escribir acentos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="36"/>
        <source>Last name</source>
        <translation>Apellido</translation>
    </message>
</context>
<context>
    <name>NotFound</name>
    <message>
        <location filename="../../ui/screens/identify.py" line="156"/>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="163"/>
        <source>We could not find your account</source>
        <translation>No encontramos su cuenta</translation>
    </message>
    <message>
        <location filename="../../ui/screens/identify.py" line="165"/>
        <source>Account look-up is not available</source>
        <translation>La búsqueda de cuentas no está disponible</translation>
    </message>
</context>
<context>
    <name>OtherAmount</name>
    <message>
        <location filename="../../ui/screens/paying.py" line="65"/>
        <source>Amount</source>
        <translation>Cantidad</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="90"/>
        <source>Enter the amount to pay</source>
        <translation>Escriba la cantidad que desea pagar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="91"/>
        <location filename="../../ui/screens/paying.py" line="96"/>
        <source>Up to {amount}</source>
        <translation>Hasta {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/paying.py" line="94"/>
        <source>Enter the copay for today&apos;s visit</source>
        <translation>Escriba el copago de la visita de hoy</translation>
    </message>
</context>
<context>
    <name>OutOfService</name>
    <message>
        <location filename="../../ui/screens/welcome.py" line="68"/>
        <source>Sorry, this kiosk is out of service</source>
        <translation>Lo sentimos, este quiosco está fuera de servicio</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="69"/>
        <source>Please pay at the front desk. We apologize for the inconvenience.</source>
        <translation>Por favor, pague en la recepción. Disculpe las molestias.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="77"/>
        <source>Staff: the card terminal is not ready.</source>
        <translation>Personal: la terminal de tarjetas no está lista.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="78"/>
        <source>Staff: the payment ledger is not available.</source>
        <translation>Personal: el registro de pagos no está disponible.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="80"/>
        <source>Staff: the kiosk could not start; run `kiosk doctor`.</source>
        <translation>Personal: el quiosco no pudo iniciar; ejecute `kiosk doctor`.</translation>
    </message>
</context>
<context>
    <name>Phone</name>
    <message>
        <location filename="../../ui/screens/phone.py" line="25"/>
        <source>Point your phone&apos;s camera at the code, then pay on the page that opens.</source>
        <translation>Apunte la cámara de su teléfono al código y pague en la página que se abre.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="28"/>
        <source>QR code for the payment page</source>
        <translation>Código QR de la página de pago</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="31"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="37"/>
        <source>Scan to pay {amount} on your phone</source>
        <translation>Escanee para pagar {amount} con su teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="42"/>
        <source>Preparing your payment page…</source>
        <translation>Preparando su página de pago…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="44"/>
        <source>Canceling…</source>
        <translation>Cancelando…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/phone.py" line="47"/>
        <source>This code works for {time} more. Keep this screen open until you have paid.</source>
        <translation>Este código funciona durante {time} más. Deje esta pantalla abierta hasta que haya pagado.</translation>
    </message>
</context>
<context>
    <name>Processing</name>
    <message>
        <location filename="../../ui/screens/outcome.py" line="28"/>
        <source>Cancel payment</source>
        <translation>Cancelar el pago</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="34"/>
        <source>Paying {amount}</source>
        <translation>Pagando {amount}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="36"/>
        <source>Getting the card terminal ready…</source>
        <translation>Preparando la terminal de tarjetas…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="37"/>
        <source>Insert, tap or swipe your card</source>
        <translation>Inserte, acerque o deslice su tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="38"/>
        <source>Use the card terminal next to this screen.</source>
        <translation>Use la terminal de tarjetas que está junto a esta pantalla.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="40"/>
        <source>Processing, please wait…</source>
        <translation>Procesando, espere por favor…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="41"/>
        <source>Please keep your card in the terminal.</source>
        <translation>Deje su tarjeta en la terminal.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="42"/>
        <source>Please remove your card</source>
        <translation>Retire su tarjeta, por favor</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="43"/>
        <source>Canceling…</source>
        <translation>Cancelando…</translation>
    </message>
</context>
<context>
    <name>Receipt</name>
    <message>
        <location filename="../../ui/receipt_labels.py" line="11"/>
        <source>PAYMENT RECEIPT</source>
        <translation>RECIBO DE PAGO</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="12"/>
        <source>Patient</source>
        <translation>Paciente</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="13"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="14"/>
        <source>Statement</source>
        <translation>Estado de cuenta</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="15"/>
        <source>Amount paid</source>
        <translation>Cantidad pagada</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="16"/>
        <location filename="../../ui/receipt_labels.py" line="26"/>
        <source>Card</source>
        <translation>Tarjeta</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="17"/>
        <source>Auth code</source>
        <translation>Autorización</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="18"/>
        <source>Method</source>
        <translation>Forma de pago</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="19"/>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="20"/>
        <source>APPROVED</source>
        <translation>APROBADO</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="21"/>
        <source>Balance after payment</source>
        <translation>Saldo tras el pago</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="22"/>
        <source>Reference</source>
        <translation>Referencia</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="23"/>
        <source>View your account online:</source>
        <translation>Vea su cuenta en línea:</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="24"/>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="25"/>
        <source>Cash</source>
        <translation>Efectivo</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="25"/>
        <source>Check</source>
        <translation>Cheque</translation>
    </message>
    <message>
        <location filename="../../ui/receipt_labels.py" line="26"/>
        <source>Phone</source>
        <translation>Teléfono</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="23"/>
        <location filename="../../ui/screens/farewell.py" line="47"/>
        <source>Would you like a receipt?</source>
        <translation>¿Desea un recibo?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="26"/>
        <source>Receipt preview</source>
        <translation>Vista previa del recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="31"/>
        <source>No receipt</source>
        <translation>Sin recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="33"/>
        <source>Print receipt</source>
        <translation>Imprimir recibo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="36"/>
        <source>Email receipt</source>
        <translation>Recibo por correo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="39"/>
        <source>Text receipt</source>
        <translation>Recibo por mensaje</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="46"/>
        <source>Here is your receipt</source>
        <translation>Aquí tiene su recibo</translation>
    </message>
</context>
<context>
    <name>Result</name>
    <message>
        <location filename="../../ui/screens/outcome.py" line="63"/>
        <source>Continue</source>
        <translation>Continuar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="65"/>
        <source>Try again</source>
        <translation>Intentar de nuevo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="67"/>
        <source>Pay another way</source>
        <translation>Pagar de otra forma</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="69"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="85"/>
        <source>Payment approved</source>
        <translation>Pago aprobado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="88"/>
        <source>{amount} was paid with {card}.</source>
        <translation>Se pagaron {amount} con {card}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="90"/>
        <source>{amount} was paid.</source>
        <translation>Se pagaron {amount}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="92"/>
        <source>Your card was declined</source>
        <translation>Su tarjeta fue rechazada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="93"/>
        <source>No money was taken. You can try again or pay another way.</source>
        <translation>No se cobró nada. Puede intentarlo de nuevo o pagar de otra forma.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="96"/>
        <source>Payment canceled</source>
        <translation>Pago cancelado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="97"/>
        <source>No money was taken.</source>
        <translation>No se cobró nada.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="99"/>
        <source>We could not confirm your payment</source>
        <translation>No pudimos confirmar su pago</translation>
    </message>
    <message>
        <location filename="../../ui/screens/outcome.py" line="100"/>
        <source>Please see the front desk. You will not be charged twice.</source>
        <translation>Por favor, pase por la recepción. No se le cobrará dos veces.</translation>
    </message>
</context>
<context>
    <name>Send</name>
    <message>
        <location filename="../../ui/screens/sending.py" line="50"/>
        <source>What is your email address?</source>
        <translation>¿Cuál es su correo electrónico?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="51"/>
        <source>What is your mobile number?</source>
        <translation>¿Cuál es su número de celular?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="52"/>
        <source>We use it only to send this receipt.</source>
        <translation>Solo lo usamos para enviarle este recibo.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="53"/>
        <source>Ten digits. We use it only to text this receipt.</source>
        <translation>Diez dígitos. Solo lo usamos para enviarle este recibo por mensaje.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="56"/>
        <source>Email address</source>
        <translation>Correo electrónico</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="57"/>
        <source>Mobile number</source>
        <translation>Número de celular</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="74"/>
        <source>Your receipt shows the amount, the card type and the last four digits. It shows no medical details.</source>
        <translation>Su recibo muestra la cantidad, el tipo de tarjeta y los últimos cuatro dígitos. No incluye datos médicos.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="78"/>
        <source>Change it</source>
        <translation>Cambiarlo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="79"/>
        <source>Send</source>
        <translation>Enviar</translation>
    </message>
    <message>
        <location filename="../../ui/screens/sending.py" line="83"/>
        <source>Send your receipt to:</source>
        <translation>Enviar su recibo a:</translation>
    </message>
</context>
<context>
    <name>Speech</name>
    <message>
        <location filename="../../ui/a11y/narration.py" line="44"/>
        <source>Move with the arrow keys, press Enter to choose, Escape to go back, and F1 for help.</source>
        <translation>Muévase con las flechas, pulse Intro para elegir, Escape para volver y F1 para obtener ayuda.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="48"/>
        <source>Welcome. You can pay your clinic bill here. Press Enter to start.</source>
        <translation>Bienvenido. Aquí puede pagar su factura de la clínica. Pulse Intro para empezar.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="51"/>
        <source>Your name and amounts are not read aloud until you confirm you are using headphones: press F3.</source>
        <translation>Su nombre y los montos no se leen en voz alta hasta que confirme que usa audífonos: pulse F3.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="56"/>
        <source>What is your last name? Type it on the keyboard, then choose Continue.</source>
        <translation>¿Cuál es su apellido? Escríbalo en el teclado y luego elija Continuar.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="59"/>
        <source>What is your date of birth? Type two digits for the month, two for the day, and four for the year, then choose Continue.</source>
        <translation>¿Cuál es su fecha de nacimiento? Escriba dos dígitos para el mes, dos para el día y cuatro para el año, y luego elija Continuar.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="63"/>
        <source>More than one account matches. Type your ZIP code.</source>
        <translation>Hay más de una cuenta con esos datos. Escriba su código postal.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="64"/>
        <source>More than one account matches. Type the last four digits of your phone number.</source>
        <translation>Hay más de una cuenta con esos datos. Escriba los últimos cuatro dígitos de su número de teléfono.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="72"/>
        <source>Your statement is ready. To hear your name and the amounts, confirm you are using headphones: press F3. To pay, choose Pay now.</source>
        <translation>Su estado de cuenta está listo. Para oír su nombre y los montos, confirme que usa audífonos: pulse F3. Para pagar, elija Pagar ahora.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="77"/>
        <source>Hello, {name}. {lines} Your total due is {total}. To pay, choose Pay now.</source>
        <translation>Hola, {name}. {lines} Su saldo total es de {total}. Para pagar, elija Pagar ahora.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="83"/>
        <source>How much would you like to pay? You can pay the full balance of {amount}, or another amount.</source>
        <translation>¿Cuánto desea pagar? Puede pagar el saldo total de {amount} u otra cantidad.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="86"/>
        <source>How much would you like to pay? Choose the full balance or another amount.</source>
        <translation>¿Cuánto desea pagar? Elija el saldo total u otra cantidad.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="89"/>
        <source>Type the amount with the number keys. The last two digits are the cents: 2, 5, 0, 0 is 25 dollars.</source>
        <translation>Escriba la cantidad con las teclas numéricas. Los dos últimos dígitos son los centavos: 2, 5, 0, 0 son 25 dólares.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="93"/>
        <source>Payments are not available here right now. Please pay at the front desk.</source>
        <translation>Ahora no se pueden hacer pagos aquí. Por favor, pague en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="95"/>
        <source>How would you like to pay? The card terminal is next to this screen.</source>
        <translation>¿Cómo desea pagar? La terminal de tarjetas está junto a esta pantalla.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="100"/>
        <source>A code to scan with your phone&apos;s camera is on the screen. If you cannot use it, press Escape and pay with a card.</source>
        <translation>En la pantalla hay un código para escanear con la cámara de su teléfono. Si no puede usarlo, pulse Escape y pague con tarjeta.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="106"/>
        <source>Payment approved. {amount} was paid.</source>
        <translation>Pago aprobado. Se pagaron {amount}.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="108"/>
        <source>Payment approved.</source>
        <translation>Pago aprobado.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="110"/>
        <source>Your card was declined. No money was taken. You can try again.</source>
        <translation>Su tarjeta fue rechazada. No se cobró nada. Puede intentarlo de nuevo.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="113"/>
        <source>Payment canceled. No money was taken.</source>
        <translation>Pago cancelado. No se cobró nada.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="114"/>
        <source>We could not confirm your payment. Please see the front desk. You will not be charged twice.</source>
        <translation>No pudimos confirmar su pago. Por favor, pase por la recepción. No se le cobrará dos veces.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="117"/>
        <source>Would you like a receipt? You can print it, or have it emailed or texted.</source>
        <translation>¿Desea un recibo? Puede imprimirlo o recibirlo por correo o por mensaje.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="120"/>
        <source>Type your email address.</source>
        <translation>Escriba su correo electrónico.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="121"/>
        <source>Type your mobile number.</source>
        <translation>Escriba su número de celular.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="124"/>
        <source>Send your receipt to the address you typed? Choose Send, or Change it.</source>
        <translation>¿Enviar su recibo a la dirección que escribió? Elija Enviar o Cambiarlo.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="127"/>
        <source>Thank you. Have a good day.</source>
        <translation>Gracias. Que tenga un buen día.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="129"/>
        <source>Sorry, this kiosk is out of service. Please pay at the front desk.</source>
        <translation>Lo sentimos, este quiosco está fuera de servicio. Por favor, pague en la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="136"/>
        <source>Getting the card terminal ready.</source>
        <translation>Preparando la terminal de tarjetas.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="137"/>
        <source>Insert, tap or swipe your card on the terminal next to this screen.</source>
        <translation>Inserte, acerque o deslice su tarjeta en la terminal que está junto a esta pantalla.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="139"/>
        <source>Processing. Please wait.</source>
        <translation>Procesando. Espere, por favor.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="140"/>
        <source>Please remove your card.</source>
        <translation>Retire su tarjeta, por favor.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="141"/>
        <source>Canceling.</source>
        <translation>Cancelando.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narration.py" line="146"/>
        <source>Are you still there? Press any key to continue. Your session ends in {seconds} seconds.</source>
        <translation>¿Sigue ahí? Pulse cualquier tecla para continuar. Su sesión termina en {seconds} segundos.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="67"/>
        <source>{name}, not available</source>
        <translation>{name}, no disponible</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="68"/>
        <source>{name}, button</source>
        <translation>{name}, botón</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="84"/>
        <source>Audio guidance is on.</source>
        <translation>La guía por voz está activada.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="86"/>
        <source>Thank you. Your name and amounts will now be read aloud.</source>
        <translation>Gracias. Ahora se leerán en voz alta su nombre y los montos.</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="117"/>
        <source>space</source>
        <translation>espacio</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="119"/>
        <source>erased</source>
        <translation>borrado</translation>
    </message>
    <message>
        <location filename="../../ui/a11y/narrator.py" line="133"/>
        <source>Volume {percent} percent</source>
        <translation>Volumen al {percent} por ciento</translation>
    </message>
</context>
<context>
    <name>Statement</name>
    <message>
        <location filename="../../ui/a11y/narration.py" line="32"/>
        <source>{service} on {date}: the charge was {charge}. Your insurance paid {insurance}, the clinic adjusted {adjustment}, you owe {owe}.</source>
        <translation>{service}, el {date}: el cargo fue de {charge}. Su seguro pagó {insurance}, la clínica ajustó {adjustment} y usted debe {owe}.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="39"/>
        <source>Statement lines</source>
        <translation>Líneas del estado de cuenta</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="47"/>
        <location filename="../../ui/screens/statement.py" line="81"/>
        <source>Show amounts</source>
        <translation>Mostrar montos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="49"/>
        <location filename="../../ui/screens/statement.py" line="84"/>
        <source>Pay now</source>
        <translation>Pagar ahora</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="61"/>
        <source>Hello, {name}</source>
        <translation>Hola, {name}</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="64"/>
        <source>Saved statement as of {when}. Payments since then may not show yet.</source>
        <translation>Estado de cuenta guardado el {when}. Es posible que aún no aparezcan los pagos posteriores.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="76"/>
        <source>Already paid</source>
        <translation>Ya pagado</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="77"/>
        <source>Total due</source>
        <translation>Saldo total</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="80"/>
        <source>Hide amounts</source>
        <translation>Ocultar montos</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="85"/>
        <source>Pay a copay</source>
        <translation>Pagar un copago</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="94"/>
        <source>Date</source>
        <translation>Fecha</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="94"/>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="95"/>
        <source>Charge</source>
        <translation>Cargo</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="95"/>
        <source>Insurance paid</source>
        <translation>Pagó el seguro</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="96"/>
        <source>Adjusted</source>
        <translation>Ajuste</translation>
    </message>
    <message>
        <location filename="../../ui/screens/statement.py" line="96"/>
        <source>You owe</source>
        <translation>Usted debe</translation>
    </message>
</context>
<context>
    <name>ThankYou</name>
    <message>
        <location filename="../../ui/screens/farewell.py" line="66"/>
        <source>Thank you!</source>
        <translation>¡Gracias!</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="74"/>
        <source>The front desk is helping you now. Please go to the desk.</source>
        <translation>La recepción le está atendiendo ahora. Por favor, acérquese a la recepción.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="77"/>
        <source>No payment was taken. Have a good day.</source>
        <translation>No se cobró ningún pago. Que tenga un buen día.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/farewell.py" line="79"/>
        <source>Have a good day.</source>
        <translation>Que tenga un buen día.</translation>
    </message>
</context>
<context>
    <name>Window</name>
    <message>
        <location filename="../../ui/counter/window.py" line="39"/>
        <location filename="../../ui/window.py" line="139"/>
        <location filename="../../ui/window.py" line="173"/>
        <source>DEMO MODE: no real payments are taken</source>
        <extracomment>Locked down (a kiosk, not a development window): only staff may close it.</extracomment>
        <translation>MODO DE DEMOSTRACIÓN: no se cobran pagos reales</translation>
    </message>
</context>
</TS>
