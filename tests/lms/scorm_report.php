<?php
// Usage: MOODLE_CONFIG=... php scorm_report.php CMID ELEMENT=VALUE...
// Stores the given SCORM data model values as student1's first attempt of the SCORM activity
// CMID (as the player would, through scorm_insert_track), lets Moodle grade it, and prints
// JSON: the activity's grading method and student1's grade. Run mkstudent.php first.
// Exit 0, or 2 on usage errors.
define('CLI_SCRIPT', true);
if (count($argv) < 3 || !ctype_digit($argv[1])) {
    fwrite(STDERR, "usage: scorm_report.php CMID ELEMENT=VALUE...\n");
    exit(2);
}
$config = getenv('MOODLE_CONFIG');
if (!$config || !is_file($config)) {
    fwrite(STDERR, "scorm_report.php: set MOODLE_CONFIG to Moodle's config.php\n");
    exit(2);
}
require($config);
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
$scormid = (int)$DB->get_field('course_modules', 'instance', ['id' => (int)$argv[1]], MUST_EXIST);
$scorm = $DB->get_record('scorm', ['id' => $scormid], '*', MUST_EXIST);
$sco = $DB->get_record_select('scorm_scoes', "scorm = ? AND scormtype = 'sco'", [$scormid], '*', MUST_EXIST);
$user = $DB->get_record('user', ['username' => 'student1', 'deleted' => 0], '*', MUST_EXIST);
$attempt = scorm_get_attempt($user->id, $scormid, 1);
foreach (array_slice($argv, 2) as $pair) {
    [$element, $value] = explode('=', $pair, 2);
    scorm_insert_track($user->id, $scormid, $sco->id, $attempt, $element, $value);
}
scorm_update_grades($scorm, $user->id);
$item = $DB->get_record('grade_items', ['itemtype' => 'mod', 'itemmodule' => 'scorm', 'iteminstance' => $scormid]);
$grade = $DB->get_record('grade_grades', ['itemid' => $item->id, 'userid' => $user->id]);
echo json_encode(['grademethod' => (int)$scorm->grademethod, 'grademax' => (float)$item->grademax,
    'finalgrade' => $grade && $grade->finalgrade !== null ? (float)$grade->finalgrade : null]), "\n";
