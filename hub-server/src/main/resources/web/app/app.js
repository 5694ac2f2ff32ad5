// Entry point of the Web Bundler bundle: shared styles and helpers, then the module of the page
// named by <body data-page>, then the parts that several pages show (user admin).
import 'uplot/dist/uPlot.min.css';
import './app.css';
import './common.js';
import { initDashboard } from './dashboard.js';
import { initDetections } from './detections.js';
import { initEpisodes } from './episodes.js';
import { initAnnotator } from './annotator.js';
import { initTags } from './tags.js';
import { initUsers } from './users.js';
import { initModels } from './models.js';
import { initRecordingImport } from './recording-import.js';
import { initNotifications } from './notifications.js';

const pages = {
  dashboard: () => { initDashboard(); initDetections(); initEpisodes(); },
  annotator: initAnnotator,
  tags: initTags,
  models: initModels,
  notifications: initNotifications,
};

const init = pages[document.body.dataset.page];
if (init) init();
// User admin (templates/tags/userAdmin.html) is on the dashboard and on the Users page: one mount.
const userAdmin = document.getElementById('user-admin');
if (userAdmin) initUsers(userAdmin);
// Import a recording (templates/DashboardPage, admins).
const recordingImport = document.getElementById('import-recording');
if (recordingImport) initRecordingImport(recordingImport);
