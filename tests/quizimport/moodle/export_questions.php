<?php
// Export questions with Moodle's own exporter, for the opt-in tests of test_moodle_agrees.py.
//
// Usage: php export_questions.php xml|gift OUTFILE QUESTIONID...
// Needs MOODLE_CONFIG (an instance made by shared/lms/moodle/setup.sh) and that harness's lib.
define('CLI_SCRIPT', true);
require_once(getenv('MOODLE_HARNESS_LIB') ?: __DIR__ . '/../../../../shared/lms/moodle/php/lib/harness.php');
$format = $argv[1] ?? '';
$outfile = $argv[2] ?? '';
$ids = array_map('intval', array_slice($argv, 3));
if (!in_array($format, ['xml', 'gift'], true) || $outfile === '' || !$ids) {
    harness_die('usage: export_questions.php xml|gift OUTFILE QUESTIONID...');
}
$outfile = $outfile[0] === '/' ? $outfile : getcwd() . '/' . $outfile;
require(harness_config());
require_once($CFG->libdir . '/questionlib.php');
require_once($CFG->dirroot . '/question/format.php');
require_once($CFG->dirroot . '/question/editlib.php');
require_once($CFG->dirroot . "/question/format/$format/format.php");
harness_as_admin();
$questions = [];
$contexts = [];
foreach ($ids as $id) {
    $question = question_bank::load_question_data($id);
    $questions[] = $question;
    $contextid = $DB->get_field('question_categories', 'contextid', ['id' => $question->category]);
    $contexts[$contextid] = context::instance_by_id($contextid);
}
$classname = 'qformat_' . $format;
$qformat = new $classname();
$qformat->setQuestions($questions);
$qformat->setContexts(array_values($contexts));
$qformat->setCattofile(true);
$qformat->setContexttofile(true);
$qformat->setCourse(get_course(SITEID));
harness_capture_start();
$content = $qformat->exportprocess(false);
[$output, $messages] = harness_capture_stop();
if ($content === false) {
    harness_die('export failed: ' . json_encode($messages));
}
file_put_contents($outfile, $content);
