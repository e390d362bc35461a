<?php
// Usage: MOODLE_CONFIG=... php scorm_grading.php CMID REPORTS_JSON
// What each of Moodle's SCORM grading methods makes of what a SCO reports. REPORTS_JSON is a
// list of {element: value} objects (an element "N:cmi..." goes to the N-th SCO, counted from 0
// in the manifest's order; a plain one to the first). For each report, the values are stored
// as student1's first attempt of the SCORM activity CMID (scorm_insert_track, as the player
// stores them; later reports overwrite the same elements), then for each grading method (0 Learning
// objects, 1 Highest grade, 2 Average grade, 3 Sum of grades) the activity is switched to it
// (scorm_grade_item_update) and graded (scorm_update_grades). Prints JSON: one row per report
// and method with the gradebook's grademax and finalgrade. Run mkstudent.php first.
// Exit 0, or 2 on usage errors.
define('CLI_SCRIPT', true);
if (count($argv) !== 3 || !ctype_digit($argv[1]) || !is_array(json_decode($argv[2], true))) {
    fwrite(STDERR, "usage: scorm_grading.php CMID REPORTS_JSON\n");
    exit(2);
}
$config = getenv('MOODLE_CONFIG');
if (!$config || !is_file($config)) {
    fwrite(STDERR, "scorm_grading.php: set MOODLE_CONFIG to Moodle's config.php\n");
    exit(2);
}
require($config);
require_once($CFG->dirroot . '/mod/scorm/locallib.php');
require_once($CFG->dirroot . '/mod/scorm/lib.php');
$reports = json_decode($argv[2], true);
$scormid = (int)$DB->get_field('course_modules', 'instance', ['id' => (int)$argv[1]], MUST_EXIST);
$scos = array_values($DB->get_records_select('scorm_scoes', "scorm = ? AND scormtype = 'sco'", [$scormid], 'sortorder, id'));
$user = $DB->get_record('user', ['username' => 'student1', 'deleted' => 0], '*', MUST_EXIST);
$rows = [];
foreach ($reports as $n => $report) {
    $attempt = scorm_get_attempt($user->id, $scormid, 1);
    foreach ($report as $element => $value) {
        [$index, $name] = preg_match('/^(\d+):(.+)$/', $element, $m) ? [(int)$m[1], $m[2]] : [0, $element];
        scorm_insert_track($user->id, $scormid, $scos[$index]->id, $attempt, $name, (string)$value);
    }
    foreach ([GRADESCOES, GRADEHIGHEST, GRADEAVERAGE, GRADESUM] as $method) {
        $DB->set_field('scorm', 'grademethod', $method, ['id' => $scormid]);
        $scorm = $DB->get_record('scorm', ['id' => $scormid], '*', MUST_EXIST);
        scorm_grade_item_update($scorm);
        scorm_update_grades($scorm, $user->id);
        $item = $DB->get_record('grade_items', ['itemtype' => 'mod', 'itemmodule' => 'scorm', 'iteminstance' => $scormid]);
        $grade = $DB->get_record('grade_grades', ['itemid' => $item->id, 'userid' => $user->id]);
        $rows[] = ['report' => $n, 'grademethod' => (int)$method, 'grademax' => (float)$item->grademax,
            'finalgrade' => $grade && $grade->finalgrade !== null ? (float)$grade->finalgrade : null];
    }
}
echo json_encode(['maxgrade' => (float)$scorm->maxgrade, 'scos' => count($scos), 'rows' => $rows], JSON_PRETTY_PRINT), "\n";
