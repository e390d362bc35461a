<?php
// Usage: MOODLE_CONFIG=... php scorm_tracks.php CMID [SCOID]
// What Moodle keeps of student1's first attempt of the SCORM activity CMID (of its SCO SCOID,
// which a package with several SCOs needs; else its only SCO), read through
// Moodle's own API: scorm_get_tracks() (the SCO's stored data model, as Moodle's reports read
// it: every element, and the status and raw score Moodle derives), the interactions grouped by
// number (elements cmi.interactions_N.* as Moodle names them), and the gradebook grade from
// grade_get_grades(). Prints JSON; exit 0, 1 when nothing is stored, 2 on usage errors.
define('CLI_SCRIPT', true);
if (count($argv) < 2 || count($argv) > 3 || !ctype_digit($argv[1]) || !ctype_digit($argv[2] ?? '0')) {
    fwrite(STDERR, "usage: scorm_tracks.php CMID [SCOID]\n");
    exit(2);
}
$config = getenv('MOODLE_CONFIG');
if (!$config || !is_file($config)) {
    fwrite(STDERR, "scorm_tracks.php: set MOODLE_CONFIG to Moodle's config.php\n");
    exit(2);
}
require($config);
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
require_once($CFG->libdir . '/gradelib.php');
$cm = get_coursemodule_from_id('scorm', (int)$argv[1], 0, false, MUST_EXIST);
$scorm = $DB->get_record('scorm', ['id' => $cm->instance], '*', MUST_EXIST);
$sco = isset($argv[2])
    ? $DB->get_record('scorm_scoes', ['scorm' => $scorm->id, 'id' => (int)$argv[2], 'scormtype' => 'sco'], '*', MUST_EXIST)
    : $DB->get_record_select('scorm_scoes', "scorm = ? AND scormtype = 'sco'", [$scorm->id], '*', MUST_EXIST);
$user = $DB->get_record('user', ['username' => 'student1', 'deleted' => 0], '*', MUST_EXIST);
$tracks = scorm_get_tracks($sco->id, $user->id, 1);
if (!$tracks) {
    echo json_encode(['cmid' => (int)$cm->id, 'scoid' => (int)$sco->id, 'tracks' => null]), "\n";
    exit(1);
}
$interactions = [];
foreach ((array)$tracks as $element => $value) {
    if (preg_match('/^cmi\.interactions[._](\d+)\.(.+)$/', $element, $m)) {
        $interactions[(int)$m[1]][$m[2]] = $value;
    }
}
ksort($interactions);
$grades = grade_get_grades($cm->course, 'mod', 'scorm', $scorm->id, $user->id);
$item = $grades->items[0] ?? null;
$grade = $item ? ($item->grades[$user->id] ?? null) : null;
echo json_encode([
    'cmid' => (int)$cm->id,
    'scoid' => (int)$sco->id,
    'identifier' => $sco->identifier,
    'version' => $scorm->version,
    'grademethod' => (int)$scorm->grademethod,
    'status' => $tracks->status,
    'score_raw' => $tracks->score_raw,
    'tracks' => (array)$tracks,
    'interactions' => array_values($interactions),
    'gradebook' => $item ? ['grademax' => (float)$item->grademax,
        'finalgrade' => $grade && $grade->grade !== null ? (float)$grade->grade : null] : null,
], JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES), "\n";
